// Model exercises: each slider and its number field stay in step, and the results region
// is refreshed in place (a fragment from the same view) as the learner moves a slider.
// Without this script the number fields alone work and the form posts to the same view.
(function () {
  "use strict";
  if (window.socleLabs) return;
  window.socleLabs = true;

  function enhance(form) {
    var section = form.closest("[data-lab]");
    var results = section && section.querySelector("[data-lab-results]");
    var timer = null;
    var pending = null;

    function refresh() {
      if (!results) return;
      if (pending) pending.abort();
      pending = new AbortController();
      var url = form.action + (form.action.indexOf("?") < 0 ? "?" : "&") + "fragment=1";
      results.setAttribute("aria-busy", "true");
      fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        signal: pending.signal,
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          results.innerHTML = html;
          results.removeAttribute("aria-busy");
        })
        .catch(function () { results.removeAttribute("aria-busy"); });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    }

    form.querySelectorAll("[data-lab-range]").forEach(function (range) {
      var number = range.parentNode.querySelector("[data-lab-number]");
      if (!number) return;
      range.hidden = false;
      range.disabled = false;
      range.value = number.value;
      range.addEventListener("input", function () {
        number.value = range.value;
        later();
      });
      number.addEventListener("input", function () {
        if (number.value !== "" && number.checkValidity()) {
          range.value = number.value;
          later();
        }
      });
    });
  }

  function start() {
    document.querySelectorAll("[data-lab-form]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
