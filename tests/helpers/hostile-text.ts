// Text every free-text field must survive: NUL (Postgres text refuses it), lone UTF-16 surrogates (no
// UTF-8 encoding; jsonb refuses them), a bidi override, markup and only spaces. The fuzz tests add
// the lengths and formats their own fields' limits call for.
export const hostileTexts: readonly string[] = ["a\u0000b", "\u0000", "x\uD800y", "\uDC00", "\u202Eevil\u202C", "<script>alert(1)</script>", "   "];
