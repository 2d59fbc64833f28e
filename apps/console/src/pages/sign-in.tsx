import { type FormEvent, useState } from 'react';
import { clientFor } from '../session';
import { ErrorMessage, Field } from '../components';

/** Checks the key with a call any key may make before keeping it. */
export function SignIn({ onSignedIn }: { onSignedIn: (apiKey: string) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await clientFor(apiKey.trim()).plans.list({ limit: 1 });
      onSignedIn(apiKey.trim());
    } catch (refused) {
      setError(refused);
    }
  };
  return (
    <form className="sign-in" onSubmit={(event) => void submit(event)}>
      <h1>Billy console</h1>
      <Field label="API key">
        <input type="password" autoComplete="off" value={apiKey} onChange={(event) => setApiKey(event.target.value)} />
      </Field>
      <button type="submit" disabled={!apiKey.trim()}>
        Sign in
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
