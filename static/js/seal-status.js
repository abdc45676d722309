// While a decision is being sealed, its page asks every few seconds how sealing stands and shows the answer in
// place (the panel is a live region, so the change is announced). Without scripts, the panel's link reloads.
(function () {
  "use strict";
  var panel = document.getElementById("seal-panel");
  if (!panel || !panel.dataset.refreshUrl) {
    return;
  }
  var tries = 0;
  function check() {
    tries += 1;
    fetch(panel.dataset.refreshUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("seal-panel");
        if (!next) {
          return;
        }
        panel.innerHTML = next.innerHTML;
        if (next.dataset.refreshUrl && tries < 100) {
          window.setTimeout(check, 3000);
        } else {
          delete panel.dataset.refreshUrl;
        }
      })
      .catch(function () {
        if (tries < 100) {
          window.setTimeout(check, 6000);
        }
      });
  }
  window.setTimeout(check, 2000);
})();
