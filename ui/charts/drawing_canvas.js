// The browser half of ui/charts/drawing_canvas.py: a canvas to draw a digit on with the
// mouse or a finger, which sends the picture to Python as it is drawn.
//
// Streamlit calls the default function at the bottom on every rerun; the canvas is set up
// the first time only, so the drawing survives the reruns its own strokes cause.

const SEND_EVERY_MS = 100; // while a stroke is drawn, send the picture at most this often
const INK = "#000000"; // dark ink on white paper, as the book's photo: Python inverts it
const PAPER = "#FFFFFF";

// The picture as `grid` x `grid` grey values 0..255 (the red channel of the shrunk canvas).
function greyPicture(canvas, grid) {
  const small = document.createElement("canvas");
  small.width = grid;
  small.height = grid;
  const context = small.getContext("2d");
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = "high";
  context.drawImage(canvas, 0, 0, grid, grid);
  const rgba = context.getImageData(0, 0, grid, grid).data;
  const grey = new Array(grid * grid);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = rgba[4 * i];
  }
  return grey;
}

function setUp(root, data) {
  const canvas = root.querySelector("canvas");
  const clearButton = root.querySelector("button");
  canvas.width = data.size;
  canvas.height = data.size;
  canvas.style.width = `${data.size}px`;
  canvas.style.height = `${data.size}px`;
  const context = canvas.getContext("2d");
  const paper = () => {
    context.fillStyle = PAPER;
    context.fillRect(0, 0, canvas.width, canvas.height);
  };
  paper();
  context.strokeStyle = INK;
  context.lineWidth = data.size * data.pen;
  context.lineCap = "round";
  context.lineJoin = "round";

  let drawing = false;
  let lastSent = 0;
  const send = () => {
    lastSent = performance.now();
    root.setStateValue("pixels", greyPicture(canvas, data.grid));
  };
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) * canvas.width) / box.width,
      ((event.clientY - box.top) * canvas.height) / box.height,
    ];
  };
  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    const [x, y] = at(event);
    // A dot, even without a move (a line of length 0 draws nothing on a canvas).
    context.beginPath();
    context.arc(x, y, context.lineWidth / 2, 0, 2 * Math.PI);
    context.fillStyle = INK;
    context.fill();
    context.beginPath();
    context.moveTo(x, y);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const [x, y] = at(event);
    context.lineTo(x, y);
    context.stroke();
    if (performance.now() - lastSent > SEND_EVERY_MS) send();
  });
  const endStroke = () => {
    if (!drawing) return;
    drawing = false;
    send();
  };
  canvas.addEventListener("pointerup", endStroke);
  canvas.addEventListener("pointercancel", endStroke);
  clearButton.addEventListener("click", () => {
    paper();
    root.setStateValue("pixels", null);
  });
  root.ready = true;
}

export default function drawingCanvas({ data, parentElement, setStateValue }) {
  const root = parentElement.querySelector(".drawing-canvas");
  root.setStateValue = setStateValue; // the latest one Streamlit gave
  if (!root.ready) {
    setUp(root, data);
  }
}
