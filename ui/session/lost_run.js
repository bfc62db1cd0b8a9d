// The browser half of ui/session/lost_run.py: remembers, in the browser tab, which server
// session showed which epoch, and tells Python when a new session replaced one with a run.
//
// Streamlit reconnects a tab to the server without reloading the page: after a network drop
// the server hands the old session back, but after a server restart, a dead replica or a drop
// longer than server.disconnectedSessionTTL it starts a new session, at epoch 0. The page
// (window) lives on through all of these, so what this module keeps on `window` is still
// there; a reload starts a new page, and forgets it (the learner asked for a fresh start).
//
// The lost epoch is a state value, not a trigger: a trigger lives for one page run only, and
// that run can be cut short by another (the click made on the old page, arriving as the page
// reconnects) before it reads it; a state value stays in the new session until Python reads it.

export default function lostRun({ data, setStateValue }) {
  const memory = window.scratchnetSessionMemory;
  if (memory && memory.session !== data.session && memory.epoch > 0) {
    setStateValue("lost", { epoch: memory.epoch });
  }
  window.scratchnetSessionMemory = { session: data.session, epoch: data.epoch };
}
