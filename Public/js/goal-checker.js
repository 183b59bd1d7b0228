// The SMART checker, live: while the mentee types, the form is posted to /goals/check and the
// findings beside it are replaced. Without JavaScript, the "Check my goal" button does the same.
(function () {
  "use strict";
  var form = document.getElementById("goal-form");
  var panel = document.getElementById("checker");
  if (!form || !panel || !window.fetch) { return; }
  var timer = null;
  var latest = 0;
  function check() {
    var ticket = ++latest;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("data-check"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // Only the answer to the latest question is shown.
      if (html !== null && ticket === latest) { panel.innerHTML = html; }
    }).catch(function () { /* the button still works */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
