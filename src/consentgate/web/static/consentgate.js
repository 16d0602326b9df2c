// Progressive enhancement only: every form works without JavaScript.
// Disable a form's buttons once it is submitted, so a double click records one event.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement) {
    setTimeout(() => form.querySelectorAll("button").forEach((b) => { b.disabled = true; }), 0);
  }
});
