/* Click-to-load videos (courses/blocks/video.html): a lesson fetches nothing from a video
   host until the learner asks. The player waits in an inert <template>; the button, shown
   only when this script runs, puts it in the page and moves the focus into it. */
(function () {
  "use strict";
  if (window.socleVideos) return; // one copy per page, however many video blocks load it
  window.socleVideos = true;

  function play(facade) {
    var template = facade.querySelector("template");
    if (!template) return;
    facade.replaceChildren(template.content.cloneNode(true));
    facade.classList.add("video__facade--playing");
    var frame = facade.querySelector("iframe");
    if (frame) {
      frame.setAttribute("tabindex", "-1");
      frame.focus();
    }
  }

  function init() {
    document.querySelectorAll("[data-video-play]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        play(button.closest("[data-video]"));
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
