// A <select> over a fixed list of choices: the value is one of the choices' ids, the label is what is shown.
export interface Choice<T extends string> {
  readonly id: T;
  readonly label: string;
}

export function ChoiceSelect<T extends string>(props: {
  readonly value: T;
  readonly choices: ReadonlyArray<Choice<T>>;
  readonly onChange: (value: T) => void;
  readonly 'aria-label'?: string;
  readonly 'data-testid'?: string;
}): React.JSX.Element {
  const { value, choices, onChange } = props;
  return (
    <select
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as T)}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
    >
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** Profiles as choices, led by `none` (the empty id: no profile). */
export function profileChoices(
  profiles: ReadonlyArray<{ readonly name: string }>,
  none: string,
): Array<Choice<string>> {
  return [{ id: '', label: none }, ...profiles.map((p) => ({ id: p.name, label: p.name }))];
}
