/** Placeholder for pages that arrive with their issues (signals, portfolio, backtests). */
export function ComingPage({ name }: { name: string }) {
  return (
    <section className="page">
      <h1>{name[0]!.toUpperCase() + name.slice(1)}</h1>
      <p className="muted">This page arrives with its issue; the navigation keeps its place.</p>
    </section>
  );
}
