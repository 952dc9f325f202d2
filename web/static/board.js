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
    // What had focus and how far each region was scrolled, by id: the new content replaces
    // the old elements, and focus would otherwise fall back to the page (WCAG 2.4.3).
    var focused = board.contains(document.activeElement) ? document.activeElement.id : "";
    var scrolled = [];
    Array.prototype.forEach.call(board.querySelectorAll(".board-scroll[id]"), function (region) {
      scrolled.push([region.id, region.scrollLeft, region.scrollTop]);
    });
    // Our own server renders the part that changed, escaped like the page itself.
    board.innerHTML = event.data;
    scrolled.forEach(function (was) {
      var region = document.getElementById(was[0]);
      if (region) {
        region.scrollLeft = was[1];
        region.scrollTop = was[2];
      }
    });
    var again = focused && document.getElementById(focused);
    if (again && board.contains(again)) {
      again.focus({ preventScroll: true });
    }
  });
  events.addEventListener("error", function () {
    // The browser retries a broken connection by itself; it gives up only when the
    // link no longer works. Reloading then shows the page that says so.
    if (events.readyState === EventSource.CLOSED) {
      window.setTimeout(function () { window.location.reload(); }, 5000);
    }
  });
})();
