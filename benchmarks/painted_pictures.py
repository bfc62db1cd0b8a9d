"""Counting the decision-region pictures a browser tab paints, not the messages it receives.

Used by `bench_playground.py` (one tab) and `bench_browser_load.py` (a classroom of tabs):

    page.evaluate(COUNT_PAINTED_PICTURES)      # start counting in this tab
    ...                                        # the tab plays
    counts = painted_so_far(page)              # {"pictures": ..., "refreshes": ...}

At every screen refresh (requestAnimationFrame) the page hashes the pixels of the Playground's
regions canvas (`ui/charts/browser/film_player.js` paints it), shrunk to 64 × 64 first, and counts
a picture when the hash differs from the last one. Before the regions were played as a film, a
page showed one Plotly image per server update: it is hashed by the image's source instead.

It also counts the refreshes themselves: a browser stops or slows requestAnimationFrame in a tab
it takes for hidden, so a tab with far fewer refreshes per second than the others was throttled,
and its pictures per second say so rather than anything about the server.
"""

COUNT_PAINTED_PICTURES = """() => {
  window.distinctPictures = 0;
  window.screenRefreshes = 0;
  let last = null;
  const hashOf = (values, step) => {
    let hash = 0;
    for (let i = 0; i < values.length; i += step) hash = (hash * 31 + values[i]) | 0;
    return hash;
  };
  // The canvas, shrunk to 64 x 64 before hashing: reading back every pixel at every refresh
  // would cost the browser (which shares the cores with the server) more than painting them.
  const small = document.createElement('canvas');
  small.width = small.height = 64;
  const smallContext = small.getContext('2d', {willReadFrequently: true});
  const sample = () => {
    window.screenRefreshes += 1;
    const canvas = document.querySelector('.live-chart canvas.region-pictures');
    const image = document.querySelector('.live-chart .imagelayer image');
    let hash = null;
    if (canvas && canvas.width > 0) {
      smallContext.drawImage(canvas, 0, 0, 64, 64);
      hash = hashOf(smallContext.getImageData(0, 0, 64, 64).data, 1);
    } else if (image) {
      const source = image.getAttribute('href') || '';
      hash = hashOf(Array.from(source, (letter) => letter.charCodeAt(0)), 7);
    }
    if (hash !== last) { window.distinctPictures += 1; last = hash; }
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
}"""


def painted_so_far(page):
    """The tab's counts since COUNT_PAINTED_PICTURES started: distinct pictures painted and
    screen refreshes. (Not document.visibilityState: headless Chromium says "visible" even
    for a background tab whose refreshes it has slowed to one a second.)"""
    return page.evaluate(
        "() => ({pictures: window.distinctPictures, refreshes: window.screenRefreshes})"
    )
