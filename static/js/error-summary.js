// The error summary (issue 16), made a little better where script runs; without it, `autofocus` and
// plain links to the fields do the job.
// - The summary takes the focus. A browser skips `autofocus`, and focuses the target instead, when
//   the address has a fragment (a form posting to its own address keeps the one an earlier summary
//   link left): then this script focuses the summary, and drops the fragment.
// - A link in the summary focuses its field and shows the field's label too, without adding a
//   fragment to the address.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    const legend = field.closest("fieldset")?.querySelector("legend");
    (label || legend || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
  const fragmentTarget = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (location.hash) {
    history.replaceState(history.state, "", location.pathname + location.search);
  }
  summary.focus();
  window.addEventListener("load", () => {
    if (fragmentTarget && document.activeElement === fragmentTarget) {
      summary.focus();
    }
  });
}
