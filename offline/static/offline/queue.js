/* The queue of actions recorded without a connection, in IndexedDB ("socle-offline",
   store "queue"). Each item has an id the device generates (a UUID: the server records each
   id once), the learner's id (only their own items are ever sent), its type and data, and
   recorded_at, the device's time. offline/app.js and the H5P player (through
   window.parent) add items; app.js sends them to /offline/sync/ when the connection returns. */
(function () {
  'use strict';
  if (window.socleOfflineQueue || !window.indexedDB) { return; }
  var DB = 'socle-offline';
  var STORE = 'queue';
  var opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: 'id' });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && 'result' in result ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return window.crypto.randomUUID();
    }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join('-');
  }

  function currentUser() {
    var status = document.getElementById('offline-status');
    return status ? status.getAttribute('data-user') : '';
  }

  window.socleOfflineQueue = {
    uuid: uuid,
    /* Queue one action ({type, ...data}); resolves to the stored item. */
    add: function (action) {
      var item = Object.assign({}, action, {
        id: action.id || uuid(),
        user: currentUser(),
        recorded_at: action.recorded_at || new Date().toISOString()
      });
      return run('readwrite', function (store) { store.put(item); }).then(function () {
        document.dispatchEvent(new CustomEvent('socle:queued', { detail: item }));
        return item;
      });
    },
    /* The signed-in learner's queued items, oldest first. */
    mine: function () {
      var user = currentUser();
      return run('readonly', function (store) { return store.getAll(); }).then(function (all) {
        return (all || []).filter(function (item) { return user && item.user === user; })
          .sort(function (a, b) { return a.recorded_at < b.recorded_at ? -1 : 1; });
      });
    },
    remove: function (ids) {
      return run('readwrite', function (store) {
        ids.forEach(function (id) { store.delete(id); });
      });
    }
  };
})();
