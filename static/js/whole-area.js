// "Heel het gebied" (issue 16), made a little better where script runs: ticking it ticks each wijk of
// its gebied and unticking it unticks them; it is ticked when each wijk is. Without script the server
// takes "heel het gebied" for each wijk of the gebied (reisgids.forms.NeighbourhoodsField).
for (const group of document.querySelectorAll(".reisgids-choice-group")) {
  const [whole, ...wijken] = group.querySelectorAll("input[type=checkbox]");
  if (!whole || !whole.value.startsWith("gebied-") || !wijken.length) {
    continue;
  }
  whole.addEventListener("change", () => {
    for (const wijk of wijken) {
      wijk.checked = whole.checked;
    }
  });
  for (const wijk of wijken) {
    wijk.addEventListener("change", () => {
      whole.checked = wijken.every((other) => other.checked);
    });
  }
}
