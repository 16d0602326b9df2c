// "Write with AI": POST the prompt, read the server-sent events as they stream in.
(function () {
  "use strict";
  var form = document.getElementById("assistant-form");
  if (!form) { return; }
  var out = document.getElementById("assistant-output");
  var provenance = document.getElementById("assistant-provenance");
  var error = document.getElementById("assistant-error");
  var button = document.getElementById("assistant-go");

  function handle(name, data) {
    if (name === "text") { out.textContent += data.text; }
    else if (name === "replace") { out.textContent = data.text; }
    else if (name === "done") {
      provenance.textContent = "Written by " + data.provenance + " · " + data.tokens +
        " tokens in " + data.seconds + " s";
    }
  }

  function parse(block) {
    var name = "message", data = "";
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event: ") === 0) { name = line.slice(7); }
      else if (line.indexOf("data: ") === 0) { data += line.slice(6); }
    });
    if (data) { handle(name, JSON.parse(data)); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    out.textContent = ""; provenance.textContent = ""; error.textContent = "";
    button.disabled = true;
    fetch("/api/v1/assistant/generate", {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf},
      body: JSON.stringify({kind: form.kind.value, prompt: form.prompt.value})
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) {
          throw new Error(typeof body.detail === "string" ? body.detail : "request refused");
        });
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          buffer += decoder.decode(chunk.value, {stream: true});
          var parts = buffer.split("\n\n");
          buffer = parts.pop();
          parts.forEach(parse);
          return pump();
        });
      }
      return pump();
    }).catch(function (err) { error.textContent = err.message; })
      .finally(function () { button.disabled = false; });
  });
}());
