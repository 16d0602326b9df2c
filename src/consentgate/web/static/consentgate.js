// Progressive enhancement only: every form works without JavaScript.
// Disable a form's buttons once it is submitted, so a double click records one event.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement) {
    setTimeout(() => form.querySelectorAll("button").forEach((b) => { b.disabled = true; }), 0);
  }
});

// Table filters (footprint page): selects with data-filter hide rows whose data-* differ.
document.querySelectorAll("[data-filter-table]").forEach((box) => {
  const table = document.getElementById(box.dataset.filterTable);
  const selects = box.querySelectorAll("select[data-filter]");
  const apply = () => {
    table.querySelectorAll("tbody tr").forEach((row) => {
      const shown = [...selects].every((s) => !s.value || row.dataset[s.dataset.filter] === s.value);
      row.hidden = !shown;
    });
  };
  selects.forEach((s) => s.addEventListener("change", apply));
});
