// The browser half of ui/session/lost_run.py: remembers, in the browser tab, which server
// session showed which epoch, and tells Python when a new session replaced one with a run.
//
// Streamlit reconnects a tab to the server without reloading the page: after a network drop
// the server hands the old session back, but after a server restart, a dead replica or a drop
// longer than server.disconnectedSessionTTL it starts a new session, at epoch 0. The page
// (window) lives on through all of these, so what this module keeps on `window` is still
// there; a reload starts a new page, and forgets it (the learner asked for a fresh start).

export default function lostRun({ data, setTriggerValue }) {
  const memory = window.scratchnetSessionMemory;
  if (memory && memory.session !== data.session && memory.epoch > 0) {
    setTriggerValue("lost", { epoch: memory.epoch });
  }
  window.scratchnetSessionMemory = { session: data.session, epoch: data.epoch };
}
