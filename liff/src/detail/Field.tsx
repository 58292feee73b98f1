import { type ReactNode, useId } from "react";

/**
 * A label above its control, joined by id rather than by nesting, so that the control's accessible
 * name is the label alone (a nested select would add its chosen option to it).
 */
export function Field({
  label,
  children,
}: {
  label: ReactNode;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
