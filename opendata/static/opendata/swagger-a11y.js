/* Swagger UI leaves two WCAG 2.1 gaps in what it draws: the list of values of a parameter (a select)
   has no accessible name, and a scrolling example of a response cannot be reached with the keyboard.
   Fill them in as it draws (tests/test_journey_opendata.py runs axe on the open operation). */
function fillGaps() {
  document.querySelectorAll(".parameters-col_description select:not([aria-label])").forEach((select) => {
    const row = select.closest("tr[data-param-name]");
    if (row) select.setAttribute("aria-label", row.dataset.paramName);
  });
  document.querySelectorAll(".microlight:not([tabindex])").forEach((code) => {
    code.setAttribute("tabindex", "0");
  });
}
new MutationObserver(fillGaps).observe(document.body, { childList: true, subtree: true });
