// Stands in for ChatKit's CDN script in the browser test (`make test-browser`): the real one
// needs OpenAI's servers. It defines <openai-chatkit>, records what the page gives it, and then
// behaves like the real element would: one request to the backend through `options.api.fetch`,
// then the events a turn produces, with personal data in them that must never reach the logs.
(() => {
  const record = { setOptions: [], requests: [], height: null, done: false };
  window.__chatkitStub = record;

  // Functions are not JSON: record them as "[fn]", so the test can see that one was passed.
  const describe = (value) =>
    JSON.parse(JSON.stringify(value, (_key, item) => (typeof item === "function" ? "[fn]" : item)));

  const threadIdFrom = (sse) => {
    for (const line of sse.split("\n")) {
      if (!line.startsWith("data: ")) continue;
      const event = JSON.parse(line.slice(6));
      if (event.type === "thread.created") return event.thread.id;
    }
    return null;
  };

  class StubChatKit extends HTMLElement {
    #options = null;
    #started = false;

    setOptions(options) {
      record.setOptions.push(describe(options));
      this.#options = options;
      if (this.isConnected) void this.#start();
    }

    connectedCallback() {
      if (this.#options !== null) void this.#start();
    }

    async #request(body) {
      const { api } = this.#options;
      // A method call, as ChatKit makes it: `this` is the api object, never the window.
      const response = await api.fetch(api.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      record.requests.push({
        type: body.type,
        status: response.status,
        contentType: response.headers.get("content-type"),
        contentLanguage: response.headers.get("content-language"),
        text,
      });
      return text;
    }

    #emit(name, detail) {
      this.dispatchEvent(new CustomEvent(name, { detail }));
    }

    async #start() {
      if (this.#started) return;
      this.#started = true;
      record.height = this.getBoundingClientRect().height;
      await new Promise((resolve) => setTimeout(resolve, 50));
      this.#emit("chatkit.ready");
      let threadId = this.#options.initialThread ?? null;
      if (threadId === null) {
        const sse = await this.#request({
          type: "threads.create",
          params: {
            input: {
              content: [{ type: "input_text", text: "Stub message: hello from the browser test" }],
              attachments: [],
              inference_options: {},
            },
          },
        });
        threadId = threadIdFrom(sse);
      } else {
        await this.#request({ type: "threads.get_by_id", params: { thread_id: threadId } });
      }
      this.#emit("chatkit.thread.change", { threadId });
      this.#emit("chatkit.response.start");
      this.#emit("chatkit.log", {
        name: "stub.message.sent",
        data: {
          threadId,
          status: "sent",
          text: "Stub message: my address is stub.person@example.com",
          user: { email: "stub.person@example.com", count: 2 },
        },
      });
      this.#emit("chatkit.response.end");
      const error = new Error("Stub failure for stub.person@example.com with key sk-stubsecret1234567890");
      error.code = "stub_failure";
      this.#emit("chatkit.error", { error });
      record.done = true;
    }

    focusComposer() {}
    setThreadId() {}
    sendUserMessage() {}
    setComposerValue() {}
    fetchUpdates() {}
    sendCustomAction() {}
    showHistory() {}
    hideHistory() {}
  }

  customElements.define("openai-chatkit", StubChatKit);
})();
