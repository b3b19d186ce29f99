// The progress of a batch upload, kept up to date: polls /api/v1/batches/{id} (the session cookie signs it) and
// updates the bar, the counts, each file's row and the pages done of a scan being read by OCR, until the batch is
// done or interrupted (then the page is reloaded once, for the links to the reports and the resume button).
// Without JavaScript a <meta refresh> does it.
(function () {
  "use strict";
  var box = document.getElementById("batch");
  if (!box || box.dataset.state !== "running") { return; }
  var id = box.dataset.batch;
  var bar = document.getElementById("batch-bar");
  var state = document.getElementById("batch-state-text");
  var scan = document.getElementById("batch-scan");

  function show(batch) {
    bar.max = batch.total;
    bar.value = batch.done;
    bar.textContent = batch.done + " / " + batch.total;
    ["done", "total", "read", "unreadable", "failed", "pending"].forEach(function (key) {
      var el = box.querySelector('[data-count="' + key + '"]');
      if (el) { el.textContent = String(batch[key]); }
    });
    state.textContent = batch.state_zh;
    var scanning = [];
    batch.items.forEach(function (item) {
      if (item.progress) { scanning.push(item.name + "：" + item.progress); }
      var row = document.getElementById("item-" + item.position);
      if (!row) { return; }
      row.className = "item-" + item.status;
      row.querySelector('[data-field="status"]').textContent = item.status_zh;
      // a scan being read shows its pages done (progress) until its result (error) is known
      row.querySelector('[data-field="error"]').textContent = item.error || item.progress || "";
    });
    if (scan) { scan.textContent = scanning.join("；"); }
    box.dataset.state = batch.state;
  }

  function poll() {
    fetch("/api/v1/batches/" + encodeURIComponent(id), {credentials: "same-origin",
                                                        headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (batch) {
        show(batch);
        if (batch.state === "running") { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 500);
}());
