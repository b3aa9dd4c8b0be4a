/* Socle's H5P player document: starts h5p-standalone, forwards xAPI statements and the
   player's state to the server, and tells the embedding page its height. */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('h5p-config').textContent);
  var csrf = config.csrfToken;
  var element = document.getElementById('h5p-player');
  var status = document.getElementById('h5p-status');
  var lastState = config.previousState || null;

  // The embedding page's offline queue (the offline app), when it has one: without a
  // connection, statements and state are kept there and sent when the connection returns.
  function offlineQueue() {
    try {
      return window.parent !== window ? window.parent.socleOfflineQueue : null;
    } catch (error) {
      return null;
    }
  }

  function post(url, payload, offlineAction) {
    var queue = offlineQueue();
    var keep = function () {
      return queue.add(offlineAction).then(function () { return { ok: true, queued: true }; });
    };
    if (queue && offlineAction && !navigator.onLine) { return keep(); }
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body: JSON.stringify(payload),
      keepalive: true
    }).catch(function (error) {
      if (queue && offlineAction) { return keep(); }
      throw error;
    });
  }

  function contentInstance() {
    // h5p-standalone runs the content in a frame of its own; its H5P holds the instance.
    var frame = element.querySelector('iframe');
    var h5p = (frame && frame.contentWindow && frame.contentWindow.H5P) || window.H5P;
    return h5p && h5p.instances && h5p.instances[0];
  }

  function saveState() {
    var instance = contentInstance();
    if (!instance || typeof instance.getCurrentState !== 'function') { return; }
    var state = JSON.stringify(instance.getCurrentState());
    if (state === lastState) { return; }
    lastState = state;
    post(config.stateUrl, { state: state },
      { type: 'h5p_state', package: config.contentId, page: config.pageId, state: state });
  }

  function tellHeight() {
    if (window.parent === window) { return; }
    window.parent.postMessage(
      { socleH5P: config.contentId, height: document.documentElement.scrollHeight },
      window.location.origin
    );
  }

  var options = {
    id: config.contentId,
    h5pJsonPath: config.h5pJsonPath,
    librariesPath: config.librariesPath,
    frameJs: config.frameJs,
    frameCss: config.frameCss,
    frame: false,
    copyright: false,
    export: false,
    embed: false,
    icon: false,
    fullScreen: false,
    xAPIObjectIRI: config.objectIri,
    saveFreq: 30,
    contentUserData: [config.previousState ? { state: config.previousState } : {}]
  };

  new H5PStandalone.H5P(element, options).then(function () {
    element.setAttribute('data-ready', 'true');
    H5P.externalDispatcher.on('xAPI', function (event) {
      var statement = event.data && event.data.statement;
      if (!statement) { return; }
      post(config.xapiUrl, statement,
        { type: 'xapi', package: config.contentId, page: config.pageId, statement: statement }
      ).then(function (response) {
        if (response.ok) { element.setAttribute('data-xapi-stored', 'true'); }
        if (status && response.ok && statement.result && statement.result.score &&
            !(statement.context && statement.context.contextActivities &&
              statement.context.contextActivities.parent)) {
          status.textContent = status.getAttribute('data-saved-text');
        }
      });
      saveState();
    });
    window.setInterval(saveState, 30000);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { saveState(); }
    });
    if (window.ResizeObserver) { new ResizeObserver(tellHeight).observe(document.body); }
    tellHeight();
  }).catch(function () {
    if (status) { status.textContent = status.getAttribute('data-error-text'); }
  });
})();
