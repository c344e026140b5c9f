import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md px-4 py-16 text-center sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Page not found</h1>
      <p className="mt-3 text-slate-600">The page you were looking for does not exist.</p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-600 hover:text-brand-700">
        Go home
      </Link>
    </div>
  );
}
