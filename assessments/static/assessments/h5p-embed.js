/* Sizes the H5P iframes of a page to their content (the player posts its height). */
(function () {
  'use strict';
  if (window.socleH5PEmbed) { return; }
  window.socleH5PEmbed = true;
  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin || !event.data || !event.data.socleH5P) { return; }
    var frames = document.querySelectorAll('iframe[data-h5p-frame]');
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === event.source) {
        var height = Math.max(200, Math.min(4000, Number(event.data.height) || 0));
        frames[i].style.blockSize = height + 'px';
      }
    }
  });
})();
