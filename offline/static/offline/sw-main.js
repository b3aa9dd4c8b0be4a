/* Socle's service worker, imported by /sw.js (offline/views.py), which first sets
   self.socleOffline: the Workbox files, the precache list and the offline page's URL.

   - Precache (workbox-precaching): the offline page and the site's shell (CSS, scripts).
   - Pages: always from the network; without it, from a course the learner made available
     offline (Cache Storage "socle-course-<id>", filled by offline/app.js), else the offline
     page. Nothing a learner merely visits is kept: a shared phone keeps only what was chosen.
   - Static files: stale-while-revalidate in "socle-static".
   - Other same-origin GETs (H5P files and libraries, images, course lists): network, then a
     course's cache.
   POSTs are never handled here: offline/app.js queues them (IndexedDB) and replays them. */
/* global workbox */
(function () {
  'use strict';
  var config = self.socleOffline;
  importScripts(config.workbox['workbox-sw']);
  workbox.setConfig({
    debug: false,
    modulePathCb: function (name) { return config.workbox[name]; }
  });
  workbox.core.setCacheNameDetails({ prefix: 'socle', suffix: '' });
  self.skipWaiting();
  workbox.core.clientsClaim();

  workbox.precaching.precacheAndRoute(config.precache);
  workbox.precaching.cleanupOutdatedCaches();

  // When the network fails: any course cache, then (for a page) the offline page.
  var fromCourseCaches = {
    handlerDidError: function (options) {
      var request = options.request;
      return caches.match(request, { ignoreVary: true }).then(function (hit) {
        if (hit) { return hit; }
        if (request.mode === 'navigate') {
          return workbox.precaching.matchPrecache(config.offlineUrl);
        }
        return undefined;
      });
    }
  };
  var sameOrigin = function (url) { return url.origin === self.location.origin; };

  workbox.routing.registerRoute(
    function (context) { return context.request.mode === 'navigate'; },
    new workbox.strategies.NetworkOnly({ networkTimeoutSeconds: 15, plugins: [fromCourseCaches] })
  );
  workbox.routing.registerRoute(
    function (context) {
      return sameOrigin(context.url) && context.url.pathname.indexOf(config.staticUrl) === 0;
    },
    new workbox.strategies.StaleWhileRevalidate({
      cacheName: 'socle-static', plugins: [fromCourseCaches]
    })
  );
  workbox.routing.registerRoute(
    function (context) { return sameOrigin(context.url); },
    new workbox.strategies.NetworkOnly({ plugins: [fromCourseCaches] })
  );
})();
