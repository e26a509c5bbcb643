// An upload's page in the admin, while the task worker runs it: ask where it is every two
// seconds and say so in the status line (a polite live region, so screen readers hear it);
// when it has ended, reload the page, which then shows its counts and every problem.
(function () {
  "use strict";
  const box = document.getElementById("upload-progress");
  if (!box || !box.hasAttribute("data-running")) {
    return;
  }
  const status = document.getElementById("upload-status");
  const INTERVAL_MS = 2000;

  async function poll() {
    try {
      const response = await fetch(box.dataset.url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const progress = await response.json();
        if (progress.finished) {
          window.location.reload();
          return;
        }
        if (status.textContent !== progress.text) {
          status.textContent = progress.text;
        }
      }
    } catch (error) {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(poll, INTERVAL_MS);
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
