/* Socle offline: registers the service worker, shows whether the device is offline, queues
   what the learner does without a connection and sends it back, and downloads courses into
   Cache Storage ("socle-course-<id>") with their list of files (docs/decisions/offline-pwa.md). */
(function () {
  'use strict';
  var status = document.getElementById('offline-status');
  if (!status) { return; }
  var queue = window.socleOfflineQueue;
  var lang = document.documentElement.lang || undefined;
  var CACHE_PREFIX = 'socle-course-';
  var DOWNLOAD_HEADER = 'X-Socle-Download';
  var flushing = null;

  function text(element, name, values) {
    var value = element.getAttribute('data-' + name + '-text') || '';
    Object.keys(values || {}).forEach(function (key) {
      value = value.replace('%(' + key + ')s', values[key]);
    });
    return value;
  }

  function say(message) { status.textContent = message; }

  function megabytes(bytes) {
    return new Intl.NumberFormat(lang, {
      style: 'unit', unit: 'megabyte', maximumFractionDigits: 1
    }).format(Math.max(bytes, 0) / 1e6);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : '';
  }

  /* ---- Sending the queue back --------------------------------------------------------- */
  function flush() {
    if (!queue || !navigator.onLine || !status.getAttribute('data-user')) {
      return Promise.resolve();
    }
    if (flushing) { return flushing; }
    flushing = queue.mine().then(function (items) {
      if (!items.length) { return null; }
      var batch = items.slice(0, 100).map(function (item) {
        var copy = Object.assign({}, item);
        delete copy.user;
        return copy;
      });
      return fetch(status.getAttribute('data-sync'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken() },
        body: JSON.stringify({ items: batch })
      }).then(function (response) {
        if (response.status === 400) {
          // A batch the server can never accept: drop it rather than retry forever.
          return queue.remove(batch.map(function (i) { return i.id; }));
        }
        if (!response.ok) { return null; }
        return response.json().then(function (body) {
          var rejected = (body.results || []).filter(function (r) { return r.status === 'rejected'; });
          return queue.remove((body.results || []).map(function (r) { return r.id; })).then(function () {
            var message = text(status, 'synced');
            if (rejected.length) {
              message += ' ' + text(status, 'rejected') + ' ' +
                rejected.map(function (r) { return r.message; }).join(' ');
            }
            say(message);
            document.documentElement.setAttribute('data-offline-synced', String(Date.now()));
            if (items.length > batch.length) { flushing = null; return flush(); }
            return null;
          });
        });
      });
    }).catch(function () { return null; }).then(function () { flushing = null; });
    return flushing;
  }
  window.socleOfflineFlush = flush;

  /* ---- Forms while offline ------------------------------------------------------------ */
  function actionFor(form) {
    var kind = form.getAttribute('data-offline-form');
    if (kind === 'step_complete') {
      return { type: kind, step: Number(form.getAttribute('data-step')) };
    }
    if (kind === 'reflection') {
      var answer = form.querySelector('textarea[name="answer"]');
      return {
        type: kind,
        lesson: Number(form.getAttribute('data-lesson')),
        block: form.getAttribute('data-block'),
        answer: answer ? answer.value : ''
      };
    }
    return null;
  }

  function note(form, message) {
    var existing = form.parentNode.querySelector('[data-offline-note]');
    var paragraph = existing || document.createElement('p');
    paragraph.className = 'message message--info';
    paragraph.setAttribute('data-offline-note', '');
    paragraph.textContent = message;
    if (!existing) { form.insertAdjacentElement('afterend', paragraph); }
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (navigator.onLine || (form.method || '').toLowerCase() !== 'post') { return; }
    event.preventDefault();
    var action = queue && form.hasAttribute('data-offline-form') ? actionFor(form) : null;
    if (!action || (action.type === 'reflection' && !action.answer.trim())) {
      note(form, text(status, 'needs-connection'));
      say(text(status, 'needs-connection'));
      return;
    }
    queue.add(action).then(function () {
      note(form, text(status, 'queued'));
      say(text(status, 'queued'));
    });
  }, true);

  /* ---- Connection state --------------------------------------------------------------- */
  function connection() {
    document.documentElement.toggleAttribute('data-offline', !navigator.onLine);
    if (!navigator.onLine) { say(text(status, 'offline')); return; }
    if (status.textContent === text(status, 'offline')) { say(text(status, 'online')); }
    flush();
    refreshCourses();
  }
  window.addEventListener('online', connection);
  window.addEventListener('offline', connection);

  /* ---- Course downloads --------------------------------------------------------------- */
  function cacheName(courseId) { return CACHE_PREFIX + courseId; }

  function fetchList(url) {
    return fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      if (response.status === 403 || response.status === 404) { return { gone: true }; }
      if (!response.ok) { throw new Error('list ' + response.status); }
      return response.json();
    });
  }

  /* The list saved with a complete copy, or null (caches.open would create the cache). */
  function savedList(courseId, listUrl) {
    return caches.has(cacheName(courseId)).then(function (exists) {
      return exists ? caches.open(cacheName(courseId)).then(function (cache) {
        return cache.match(listUrl);
      }) : null;
    }).then(function (hit) { return hit ? hit.json() : null; });
  }

  /* Fetch every file of the list into the course's cache, then the list itself (its presence
     marks a complete copy). onProgress(doneBytes, totalBytes). */
  function download(list, listUrl, onProgress) {
    var done = 0;
    var index = 0;
    return caches.open(cacheName(list.course)).then(function (cache) {
      function next() {
        if (index >= list.files.length) { return null; }
        var file = list.files[index];
        index += 1;
        return fetch(file.url, {
          credentials: 'same-origin', headers: { [DOWNLOAD_HEADER]: 'offline' }
        }).then(function (response) {
          if (!response.ok) { throw new Error(file.url + ' ' + response.status); }
          return cache.put(file.url, response);
        }).then(function () {
          done += file.size;
          onProgress(done, list.total_size);
          return next();
        });
      }
      return next().then(function () {
        return cache.keys();
      }).then(function (keys) {
        var wanted = {};
        list.files.forEach(function (f) { wanted[new URL(f.url, location.href).href] = true; });
        wanted[new URL(listUrl, location.href).href] = true;
        return Promise.all(keys.filter(function (request) { return !wanted[request.url]; })
          .map(function (request) { return cache.delete(request); }));
      }).then(function () {
        return cache.put(listUrl, new Response(JSON.stringify(list), {
          headers: { 'Content-Type': 'application/json' }
        }));
      });
    });
  }

  function coursePanel(panel) {
    var courseId = panel.getAttribute('data-offline-course');
    var listUrl = panel.getAttribute('data-list-url');
    var button = panel.querySelector('[data-offline-download]');
    var remove = panel.querySelector('[data-offline-remove]');
    var size = panel.querySelector('[data-offline-size]');
    var progress = panel.querySelector('[data-offline-progress]');
    var message = panel.querySelector('[data-offline-message]');
    var latest = null;
    if (!('caches' in window) || !('serviceWorker' in navigator)) {
      size.textContent = text(panel, 'unsupported');
      return;
    }
    function show(saved) {
      remove.hidden = !saved;
      if (saved) { size.textContent = text(panel, 'saved', { size: megabytes(saved.total_size) }); }
      else if (latest) { size.textContent = text(panel, 'size', { size: megabytes(latest.total_size) }); }
      panel.setAttribute('data-offline-state', saved ? 'saved' : 'absent');
    }
    savedList(courseId, listUrl).then(function (saved) {
      show(saved);
      if (!navigator.onLine) { return; }
      fetchList(listUrl).then(function (list) {
        if (list.gone) { return; }
        latest = list;
        button.disabled = false;
        if (!saved) { show(null); }
      }).catch(function () { return null; });
    });
    button.addEventListener('click', function () {
      if (!latest) { return; }
      button.disabled = true;
      progress.hidden = false;
      progress.value = 0;
      message.textContent = '';
      download(latest, listUrl, function (done, total) {
        var percent = total ? Math.round((done / total) * 100) : 100;
        progress.value = percent;
        progress.textContent = percent + '%';
        progress.setAttribute('aria-valuetext',
          text(panel, 'progress', { done: megabytes(done), total: megabytes(total) }));
      }).then(function () {
        message.textContent = text(panel, 'done');
        show(latest);
      }).catch(function () {
        message.textContent = text(panel, 'failed');
      }).then(function () { button.disabled = false; progress.hidden = true; });
    });
    remove.addEventListener('click', function () {
      caches.delete(cacheName(courseId)).then(function () {
        message.textContent = text(panel, 'removed');
        show(null);
      });
    });
  }

  function savedCourses() {
    if (!('caches' in window)) { return Promise.resolve([]); }
    return caches.keys().then(function (names) {
      return names.filter(function (n) { return n.indexOf(CACHE_PREFIX) === 0; })
        .map(function (n) { return n.slice(CACHE_PREFIX.length); });
    });
  }

  function listUrlFor(pattern, courseId) { return pattern.replace(/\/0\/$/, '/' + courseId + '/'); }

  /* At each connection: re-fetch a saved course whose version changed; drop one the
     learner may no longer open. */
  function refreshCourses() {
    var pattern = document.querySelector('[data-list-url-pattern]');
    var listPattern = pattern ? pattern.getAttribute('data-list-url-pattern') : '/offline/courses/0/';
    if (!navigator.onLine || !status.getAttribute('data-user')) { return Promise.resolve(); }
    return savedCourses().then(function (ids) {
      return Promise.all(ids.map(function (courseId) {
        var listUrl = listUrlFor(listPattern, courseId);
        return Promise.all([savedList(courseId, listUrl), fetchList(listUrl)]).then(function (lists) {
          var saved = lists[0];
          var latest = lists[1];
          if (latest.gone) { return caches.delete(cacheName(courseId)); }
          // No saved list: a download still running (or interrupted), left to its panel.
          if (!saved || saved.version === latest.version) { return null; }
          return download(latest, listUrl, function () {}).then(function () {
            var panel = document.querySelector('[data-offline-course="' + courseId + '"]');
            if (panel) { panel.querySelector('[data-offline-message]').textContent = text(panel, 'updated'); }
          });
        }).catch(function () { return null; });
      }));
    }).then(function () {
      document.documentElement.setAttribute('data-offline-refreshed', String(Date.now()));
    });
  }

  function dashboardPanel(panel) {
    var list = panel.querySelector('[data-offline-list]');
    var empty = panel.querySelector('[data-offline-empty]');
    var message = panel.querySelector('[data-offline-message]');
    var pattern = panel.getAttribute('data-list-url-pattern');
    savedCourses().then(function (ids) {
      return Promise.all(ids.map(function (courseId) {
        return savedList(courseId, listUrlFor(pattern, courseId)).then(function (saved) {
          if (!saved) { return; }
          var item = document.createElement('li');
          var link = document.createElement('a');
          link.href = saved.url;
          link.textContent = saved.title;
          link.setAttribute('dir', 'auto');
          var meta = document.createElement('span');
          meta.className = 'meta';
          meta.textContent = ' · ' + text(panel, 'size', { size: megabytes(saved.total_size) }) + ' ';
          var button = document.createElement('button');
          button.type = 'button';
          button.className = 'button--small button--secondary';
          button.textContent = text(panel, 'remove');
          button.setAttribute('aria-label', text(panel, 'remove') + ': ' + saved.title);
          button.addEventListener('click', function () {
            caches.delete(cacheName(courseId)).then(function () {
              item.remove();
              message.textContent = text(panel, 'removed');
              empty.hidden = list.children.length > 0;
            });
          });
          item.append(link, meta, button);
          list.append(item);
        });
      }));
    }).then(function () {
      empty.hidden = list.children.length > 0;
      panel.setAttribute('data-offline-ready', 'true');
    });
  }

  /* ---- Start -------------------------------------------------------------------------- */
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(status.getAttribute('data-sw'), { scope: '/' })
      .catch(function () { return null; });
  }
  document.querySelectorAll('[data-offline-course]').forEach(coursePanel);
  document.querySelectorAll('[data-offline-courses]').forEach(dashboardPanel);
  connection();
})();
