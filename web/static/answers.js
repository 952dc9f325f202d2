// Reading along: fetch the page again now and then and put the new answers in place,
// without a reload. Only what changed is replaced (an answer, a count), so a screen reader
// keeps its place on the answer it reads; new answers are announced; a button pauses it all
// (WCAG 2.2.2).
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
  // The part as the server last sent it: what is put in place lacks the server's spacing,
  // so comparing with the page itself would find a change at every turn.
  var last = answers.innerHTML;

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

  // Containers whose children are merged one by one; anything else is replaced whole.
  var MERGED = { SECTION: true, UL: true };

  function same(node, fresh) {
    return node.tagName === fresh.tagName &&
      node.getAttribute("data-key") === fresh.getAttribute("data-key");
  }

  // Make `node`'s children those of `fresh`, keeping each child that is still the same (an
  // answer by its key, anything else by its place and kind) and its words unchanged.
  function merge(node, fresh) {
    var keyed = {};
    Array.prototype.forEach.call(node.children, function (child) {
      var key = child.getAttribute("data-key");
      if (key !== null) {
        keyed[child.tagName + ":" + key] = child;
      }
    });
    var wanted = Array.prototype.slice.call(fresh.children);
    wanted.forEach(function (want, index) {
      var key = want.getAttribute("data-key");
      var here = node.children[index];
      var old = key !== null ? keyed[want.tagName + ":" + key]
        : (here && same(here, want) ? here : null);
      var put;
      if (old && old.outerHTML === want.outerHTML) {
        put = old;
      } else if (old && MERGED[old.tagName]) {
        merge(old, want);
        put = old;
      } else {
        put = document.importNode(want, true);
        if (old) {
          node.replaceChild(put, old);  // changed words: in its place, not beside it
        }
      }
      if (node.children[index] !== put) {
        node.insertBefore(put, node.children[index] || null);
      }
    });
    while (node.children.length > wanted.length) {
      node.removeChild(node.children[wanted.length]);
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
        if (fresh && fresh.innerHTML !== last) {
          last = fresh.innerHTML;
          announce(fresh);
          if (fresh.getAttribute("data-round") === answers.getAttribute("data-round")) {
            merge(answers, fresh);
          } else {
            answers.innerHTML = fresh.innerHTML;  // another round: all of it is new
          }
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
