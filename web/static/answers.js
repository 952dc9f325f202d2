// Reading along: fetch the page again now and then and put the new answers in place,
// without a reload. Without JavaScript the page reloads itself instead.
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
  function refresh() {
    window.fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("the page answered " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        // Our own server renders the page, escaped like the page itself.
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("answers");
        if (fresh) {
          answers.innerHTML = fresh.innerHTML;
          answers.setAttribute("data-refresh", fresh.getAttribute("data-refresh") || "");
        }
        if (fresh && fresh.getAttribute("data-refresh")) {
          window.setTimeout(refresh, seconds * 1000);
        }
      })
      .catch(function () {
        // A broken connection: try again later; the link still works or says why not.
        window.setTimeout(refresh, seconds * 1000 * 3);
      });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
