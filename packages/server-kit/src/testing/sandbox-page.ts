/**
 * Where the sandbox's answer to Pay, Decline or Cancel sends the browser on to: the URL of its
 * meta refresh (the page moves on by itself rather than redirecting; see `handlePage`), or
 * `undefined` when the answer does not move on (a refused choice).
 *
 * @example expect(await forwardedTo(await h.choose(url, "pay"))).toBe(returnUrl);
 */
export async function forwardedTo(answer: Response): Promise<string | undefined> {
  const html = await answer.text();
  const match = /<meta http-equiv="refresh" content="0; url=([^"]*)">/.exec(html);
  // Undo escapeHtml, as the browser's HTML parser does for the attribute.
  return match?.[1]
    ?.replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}
