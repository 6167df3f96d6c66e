// Consensus documents: a refused htmx comment or answer (400/403/409) shows the server's message
// inside the form that was sent, instead of failing silently. Without JavaScript the forms post
// normally and the message comes back on the page.
document.addEventListener("htmx:responseError", function (event) {
  var form = event.detail.elt;
  if (!form || !form.closest || !form.closest(".doc-paragraph")) { return; }
  var box = form.querySelector(".doc-form-error");
  if (!box) {
    box = document.createElement("div");
    box.className = "doc-form-error alert alert-danger py-1 small mt-1";
    box.setAttribute("role", "alert");
    form.appendChild(box);
  }
  var xhr = event.detail.xhr;
  box.textContent = (xhr && xhr.responseText) ? xhr.responseText : String(xhr ? xhr.status : "");
});
