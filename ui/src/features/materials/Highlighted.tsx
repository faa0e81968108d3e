import type { Segment } from "../../bindings/Segment";

// Search hits marked inside text. Every segment is rendered as text, so
// markup typed into a material shows as typed.
export function Highlighted({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}
