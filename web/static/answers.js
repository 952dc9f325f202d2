// Reading along: fetch the page again now and then and put the new answers in place,
// without a reload. Only what changed is replaced, so a screen reader keeps its place while
// nothing new came in; new answers are announced; a button pauses it all (WCAG 2.2.2).
// Without JavaScript the page reloads itself only when asked to.
(function () {
  "use strict";
  var answers = document.getElementById("answers");
  if (!answers || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(answers.getAttribute("data-refresh"), 10);
  if (!seconds) {
    return;
  }
  var pause = document.getElementById("answers-pause");
  var news = document.getElementById("answers-news");
  var timer = null;
  var paused = false;

  function later(delay) {
    window.clearTimeout(timer);
    timer = paused ? null : window.setTimeout(refresh, delay);
  }

  function announce(fresh) {
    if (!news) {
      return;
    }
    var total = parseInt(fresh.getAttribute("data-total"), 10) || 0;
    var before = parseInt(answers.getAttribute("data-total"), 10) || 0;
    // Another round: all its answers are new to the reader.
    var added = fresh.getAttribute("data-round") === answers.getAttribute("data-round")
      ? total - before : total;
    if (added > 0) {
      // The page brings both forms from the catalogue; Dutch and English say one, or more.
      var text = news.getAttribute(added === 1 ? "data-one" : "data-other") || "";
      // Emptied first: the same words again ("1 new answer") are then still a change to read.
      news.textContent = "";
      window.setTimeout(function () { news.textContent = text.replace("{n}", String(added)); }, 100);
    }
  }

  function refresh() {
    window.fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("the page answered " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (paused) {
          return;  // paused while it was on its way: leave the page as the reader has it
        }
        // Our own server renders the page, escaped like the page itself.
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("answers");
        if (fresh && fresh.innerHTML !== answers.innerHTML) {
          announce(fresh);
          answers.innerHTML = fresh.innerHTML;
          answers.setAttribute("data-round", fresh.getAttribute("data-round") || "");
          answers.setAttribute("data-total", fresh.getAttribute("data-total") || "0");
        }
        if (fresh) {
          answers.setAttribute("data-refresh", fresh.getAttribute("data-refresh") || "");
        }
        if (fresh && fresh.getAttribute("data-refresh")) {
          later(seconds * 1000);
        }
      })
      .catch(function () {
        // A broken connection: try again later; the link still works or says why not.
        later(seconds * 1000 * 3);
      });
  }

  if (pause) {
    pause.parentNode.hidden = false;
    pause.addEventListener("click", function () {
      paused = !paused;
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      if (paused) {
        window.clearTimeout(timer);
        timer = null;
      } else if (answers.getAttribute("data-refresh")) {
        refresh();  // catch up at once with what came in meanwhile
      }
    });
  }
  later(seconds * 1000);
})();
