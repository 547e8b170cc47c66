/** Rendered instead of the chat when the page cannot be configured (no domain key for this host). */
export function ConfigError({ message }: { message: string }) {
  return (
    <main className="chat-page">
      <p role="alert" className="chat-alert">
        {message}
      </p>
    </main>
  );
}
