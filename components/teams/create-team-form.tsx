"use client";
// Creates a team (POST /api/teams) and opens its page.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";

export function CreateTeamForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    setMessage(null);
    const result = await api<{ team: { id: string } }>("/api/teams", { method: "POST", body: { name } });
    setPending(false);
    if (!result.ok) {
      const field = fieldErrors(result.error).name;
      setError(field);
      setMessage(field ? null : result.error.message);
      return;
    }
    router.push(`/teams/${result.data.team.id}`);
    router.refresh();
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Create a team">
      <Field
        label="Team name"
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={80}
        required
        error={error}
      />
      {message ? <Notice tone="error">{message}</Notice> : null}
      <SubmitButton pending={pending} pendingText="Creating…">
        Create team
      </SubmitButton>
    </form>
  );
}
