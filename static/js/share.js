// "Copy link" puts the page's address on the clipboard; without JavaScript (or clipboard access)
// it stays a plain link to the page, which a reader can long-press or right-click to copy.
document.querySelectorAll("[data-copy-link]").forEach((link) => {
  if (!navigator.clipboard) return;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const status = link.parentElement.querySelector("[data-copy-status]");
    navigator.clipboard.writeText(link.href).then(
      () => { status.textContent = "Link copied."; },
      () => { status.textContent = "Press and hold the link to copy it."; },
    );
  });
});
