// The film: a clip of pictures from the server, played at a steady pace in the browser.
//
// While the run plays, the server trains each animation frame in a few slices and keeps a
// picture after each; it sends them together, as a clip (ui/figures/region_pictures.py). A
// FilmPlayer spreads each clip's pictures evenly over about the time until the next clip
// comes, and on every screen refresh blends the picture shown into the next one, so the chart
// morphs instead of jumping. It plays about one clip behind the server (BUFFER_CLIPS): a clip
// that comes a little late still finds pictures queued, and the blend keeps moving.
//
// When the run is not playing (Pause, Step, Reset) the clip is one picture, shown at once: the
// run's true state. What a picture is, and how it is painted, is the player's *screen*'s
// business: PictureScreen (picture_screen.js, pixels on a canvas under the plot area) or
// CurveScreen (curve_screen.js, the y values of one line).
//
// This file is joined with picture_screen.js, curve_screen.js and live_chart.js into the live
// chart's JavaScript module (ui/charts/live_chart.py, CHART_CODE).

// Pictures waiting longer than this are dropped: the film never lags far behind the run. (Or
// longer than two clips' reserve, where clips are long: in a class of 30 on one server a frame
// comes every 1-3 s, and its clip plays until the next.)
const MAX_LAG_MS = 1000;
// How far behind the server the film plays, in clips: a clip's worth of pictures in reserve.
const BUFFER_CLIPS = 1;

// A click on Play/Pause, Step or Reset while a film plays (or one of their keys) halts it: the
// pictures still queued are dropped, and clips already on their way are not played for this
// long, so the browser is free to show the server's answer (Pause, Step, Reset: the run's true
// state, as a still). A click that leaves the run playing (a long Step) finds its film again
// after this time.
const HALT_MS = 1500;

// The epoch of the picture on screen while a film plays, null when none plays: the curves
// chart (live_chart.js) shows its points up to there.
let filmEpoch = null;

// Every player on this browser page (module state is per page, never shared between users).
const players = new Set();

// ---- when each picture is shown -------------------------------------------------------------

// Times (ms) for the `count` pictures of a clip that arrives at `now`, to play over `seconds`:
// evenly spread after the pictures still queued (the last due at `lastQueuedTime`), or, with
// none queued, after `bufferMs` of reserve. Returns [times, whether the queue was cut].
export function scheduleTimes(count, seconds, now, lastQueuedTime, bufferMs = 0) {
  let start = lastQueuedTime ?? now + bufferMs;
  start = Math.max(start, now);
  const cut = start - now > Math.max(MAX_LAG_MS, 2 * bufferMs);
  if (cut) {
    start = now + bufferMs;
  }
  const spacing = (seconds * 1000) / count;
  const times = [];
  for (let index = 1; index <= count; index += 1) {
    times.push(start + index * spacing);
  }
  return [times, cut];
}

// How far `now` is from the shown picture (0) to the next one (1).
export function blendShare(shownTime, nextTime, now) {
  const share = (now - shownTime) / Math.max(nextTime - shownTime, 1);
  return Math.min(Math.max(share, 0), 1);
}

// ---- the player -----------------------------------------------------------------------------

export class FilmPlayer {
  // `screen` decodes a clip into pictures ({epoch, ...}) and paints (shown, next, share).
  constructor(plot, screen) {
    this.plot = plot;
    this.screen = screen;
    this.shown = null; // {epoch, time, ...}: the picture fully on screen
    this.queue = []; // pictures still to come, each with the time it is due
    this.clipsReceived = 0;
    this.picturesShown = 0;
    this.ticking = false;
    this.decoding = Promise.resolve(); // clips are decoded one after the other, in order
    this.haltedUntil = -Infinity; // playing clips that come before this time are not played
    players.add(this);
  }

  // A control button was clicked: stop playing what is queued (see HALT_MS). Returns whether
  // a film was playing.
  halt(now) {
    if (this.plot.dataset.playing !== "true") {
      return false; // a still (Play on a paused run): its clips must play at once
    }
    this.queue = [];
    this.haltedUntil = now + HALT_MS;
    this.plot.dataset.halted = "true";
    return true;
  }

  receive(clip) {
    const decoded = this.screen.decode(clip);
    this.decoding = this.decoding.then(() => decoded).then((pictures) => this.play(clip, pictures));
    return this.decoding;
  }

  play(clip, pictures) {
    this.clipsReceived += 1;
    this.plot.dataset.clipsReceived = String(this.clipsReceived);
    const now = performance.now();
    if (clip.playing && now < this.haltedUntil) {
      return; // sent before the click's answer: the film stays halted
    }
    this.haltedUntil = -Infinity;
    delete this.plot.dataset.halted;
    this.plot.dataset.playing = String(Boolean(clip.playing)); // "false": a still of the run
    if (!clip.playing) {
      // The run's true state, at once: whatever was still queued is dropped.
      this.queue = [];
      this.show(pictures[pictures.length - 1], now, false);
      filmEpoch = null;
      this.paint(now);
      return;
    }
    const ranDry = this.queue.length === 0;
    const lastQueued = ranDry ? null : this.queue[this.queue.length - 1].time;
    const buffer = BUFFER_CLIPS * clip.seconds * 1000;
    const [times, cut] = scheduleTimes(pictures.length, clip.seconds, now, lastQueued, buffer);
    if (cut) {
      this.queue = [];
    }
    pictures.forEach((picture, index) => {
      this.queue.push({ ...picture, time: times[index] });
    });
    if (this.shown === null) {
      this.show(this.queue.shift(), now);
    } else if (ranDry) {
      this.shown.time = now; // blend from here on, not from when it was first shown
    }
    this.startTicking();
  }

  show(picture, now, playing = true) {
    this.shown = { ...picture, time: now };
    this.picturesShown += 1;
    this.plot.dataset.shownEpoch = String(picture.epoch);
    this.plot.dataset.picturesShown = String(this.picturesShown);
    if (playing) {
      onFilmEpoch(picture.epoch);
    }
  }

  startTicking() {
    if (!this.ticking) {
      this.ticking = true;
      requestAnimationFrame((now) => this.tick(now));
    }
  }

  tick(now) {
    while (this.queue.length && this.queue[0].time <= now) {
      this.show(this.queue.shift(), now);
    }
    this.paint(now);
    if (this.queue.length && this.plot.isConnected) {
      requestAnimationFrame((time) => this.tick(time));
    } else {
      this.ticking = false;
    }
  }

  // The shown picture, and the next one blended over it as its time comes nearer.
  paint(now) {
    if (!this.shown || !this.plot._fullLayout) {
      return;
    }
    const next = this.queue[0] ?? null;
    const share = next ? blendShare(this.shown.time, next.time, now) : 0;
    this.screen.paint(this.shown, next, share);
  }
}

// ---- halting every film at a control's click --------------------------------------------------

// The row of control buttons (ui/run/animation.py, control_buttons: its container's key ends so).
const RUN_CONTROLS = '[class*="_run_controls"]';
// The controls' keyboard shortcuts: Space (Play/Pause), → and Shift+→ (Step), Home (Reset).
const CONTROL_KEYS = new Set([" ", "ArrowRight", "Home"]);

// Whether `event` (a pointer press, a click or a key) is for one of the control buttons.
export function isControlEvent(event) {
  if (event.type === "keydown") {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable=true]");
    const modified = event.ctrlKey || event.metaKey || event.altKey;
    const controlsShown = Boolean(document.querySelector(RUN_CONTROLS));
    return CONTROL_KEYS.has(event.key) && !typing && !modified && controlsShown;
  }
  return Boolean(event.target.closest?.(`${RUN_CONTROLS} button`));
}

// Halt every playing film of the page; returns how many were halted.
export function haltFilms(now = performance.now()) {
  let halted = 0;
  for (const player of players) {
    if (!player.plot.isConnected) {
      players.delete(player);
    } else if (player.halt(now)) {
      halted += 1;
    }
  }
  return halted;
}

// Before Streamlit hears of it (capture: this runs first): the press, not the release, so the
// film has stopped by the time the click is sent; the click too, for keyboards and scripts.
for (const type of ["pointerdown", "click", "keydown"]) {
  document.addEventListener(
    type,
    (event) => {
      if (isControlEvent(event)) {
        haltFilms();
      }
    },
    { capture: true },
  );
}

// ---- a clip's bytes -------------------------------------------------------------------------

async function inflate(bytes) {
  // zlib's format is what DecompressionStream calls "deflate".
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
