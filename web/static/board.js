// The live board: put each change the server sends on the screen, without a reload.
// Without JavaScript the page reloads itself every half minute instead.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.EventSource) {
    return;
  }
  var events = new EventSource(board.getAttribute("data-events"));
  events.addEventListener("board", function (event) {
    // Our own server renders the part that changed, escaped like the page itself.
    board.innerHTML = event.data;
  });
  events.addEventListener("error", function () {
    // The browser retries a broken connection by itself; it gives up only when the
    // link no longer works. Reloading then shows the page that says so.
    if (events.readyState === EventSource.CLOSED) {
      window.setTimeout(function () { window.location.reload(); }, 5000);
    }
  });
})();
