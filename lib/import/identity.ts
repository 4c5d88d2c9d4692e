// Finds responses that reveal a model's identity ("I am ALLaM", "as an OpenAI model", "أنا نموذج جيس"),
// which would let annotators recognise a model and bias their vote. Only responses are checked.
// Two kinds of names:
// - distinctive names (OpenAI, ChatGPT, أوبن إيه آي, an uploaded model key such as "qamar-70b") are
//   flagged wherever they appear;
// - names that are also ordinary words (Gemini, Llama, Falcon, Google, Command, NVIDIA, "علام", a key's stem
//   such as "qamar") are flagged only where the response describes itself: "I am …", "I was trained by …",
//   "as an AI developed by …", "أنا …", "تم تطويري من قبل …". A bare "as a …" or "developed by …" is not
//   enough: "passing a password as a command line parameter", "as an NVIDIA GPU…" and "Android was
//   developed by Google" were read as self-references on a real English set.
// Pure: no I/O.

export type IdentityMatch = { phrase: string; name: string };

// Flagged anywhere (case-insensitive, whole words).
const distinctiveNames = [
  "OpenAI", "Open AI", "ChatGPT", "Chat GPT", "GPT-3", "GPT-3.5", "GPT-4", "GPT-4o", "GPT4", "GPT-5", "InstructGPT",
  "Anthropic", "DeepMind", "Google DeepMind", "Mixtral", "Qwen", "Tongyi", "DeepSeek", "Jais", "SDAIA",
  "AceGPT", "Baichuan", "Zhipu", "ChatGLM", "Vicuna", "LMSYS", "Claude 2", "Claude 3", "Gemini Pro", "Gemini 1.5",
  "Llama 2", "Llama 3", "Llama-2", "Llama-3", "Gemma", "Phi-3", "Command R", "Command-R", "Falcon-40B", "Falcon-180B",
  "Core42", "Inception AI",
  "تشات جي بي تي", "شات جي بي تي", "جي بي تي", "أوبن إيه آي", "أوبن ايه آي", "اوبن ايه اي", "أوبن أي آي", "اوبن اي اي",
  "أنثروبيك", "انثروبيك", "ديب مايند", "ديب سيك", "ديبسيك", "جيس", "سدايا", "ميسترال", "ميكسترال",
];

// Flagged anywhere, but only written exactly so ("llama" the animal and "Allam" the surname are not).
const caseSensitiveNames = ["LLaMA", "ALLaM"];

// Ordinary words too: flagged only after a self-reference.
const contextualNames = [
  "Claude", "Gemini", "Bard", "PaLM", "Google", "Meta", "Meta AI", "Llama", "Mistral", "Cohere", "Aya", "Command",
  "Microsoft", "Copilot", "Phi", "Grok", "xAI", "Falcon", "Alibaba", "Baidu", "ERNIE", "Fanar", "Noor", "Silma",
  "Hugging Face", "Zephyr", "Yi", "Amazon", "Titan", "Nova", "Apple", "NVIDIA", "Nemotron", "Inception", "G42", "TII",
  "Technology Innovation Institute", "Allam", "LLaMA",
  "كلود", "جيميني", "جيمناي", "جيمني", "بارد", "جوجل", "غوغل", "قوقل", "ميتا", "لاما", "لاما ٢", "كوهير", "آية",
  "مايكروسوفت", "كوبايلوت", "غروك", "جروك", "فالكون", "علي بابا", "بايدو", "فنار", "علام", "علّام", "نور", "كوين",
];

// Key words that say nothing about which model it is.
const genericKeyTokens = new Set([
  "chat", "instruct", "base", "model", "models", "large", "small", "mini", "medium", "tiny", "pro", "plus", "max", "turbo",
  "preview", "latest", "beta", "alpha", "ultra", "lite", "flash", "nano", "hf", "gguf", "awq", "fp16", "int8", "it", "sft",
  "dpo", "rlhf", "vision", "code", "coder", "the", "and", "ai", "llm", "lm",
]);

// The response speaking of itself; what follows may be filler, then the name.
const englishSelfReference = ["i am", "i'm", "i’m", "my name is", "call me", "i was", "i have been", "i've been", "i’ve been"];
// "As a …" describes the response itself only when it names what the response is (an AI, a model, an
// assistant), as in "As an AI developed by Google".
const englishRolePrefix = ["as an", "as a", "being an", "being a"];
const englishSelfNoun = ["ai", "artificial intelligence", "language model", "model", "llm", "assistant", "chatbot", "chat bot", "bot"];
// Words that may sit between a self-reference and the name: "I am an AI language model developed by OpenAI".
const englishFiller = [
  "a", "an", "the", "ai", "artificial", "intelligence", "large", "language", "model", "chatbot", "assistant", "virtual",
  "conversational", "system", "developed", "trained", "created", "built", "made", "designed", "by", "from", "of", "at",
  "called", "named", "version", "based", "on", "helpful", "team", "company", "researchers", "engineers", "and",
  "powered", "released", "provided", "produced", "owned",
];
// First person only ("I", "my", "me"): "من صنع جوجل" alone ("made by Google") may be about a phone.
const arabicSelfReference = [
  "أنا", "انا", "إنني", "انني", "اسمي", "بصفتي", "كوني", "تم تطويري", "تم تدريبي", "تم إنشائي", "تم انشائي", "تم تصميمي",
  "طورتني", "دربتني", "صممتني", "أنشأتني", "انشأتني", "طوّرتني", "درّبتني",
];
const arabicFiller = [
  "نموذج", "النموذج", "لغوي", "اللغوي", "لغة", "ذكاء", "الذكاء", "اصطناعي", "الاصطناعي", "مساعد", "المساعد", "محادثة",
  "كبير", "الكبير", "ذكي", "افتراضي", "من", "قبل", "تطوير", "تدريب", "إنتاج", "انتاج", "صنع", "شركة", "فريق", "يدعى",
  "اسمه", "تابع", "مدرب", "مطور", "بواسطة", "برنامج", "روبوت", "دردشة", "الدردشة", "قائم", "على",
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Spaces and hyphens inside a name match any run of them ("GPT 4", "gpt-4", "Open  AI").
const namePattern = (name: string) => escapeRegExp(name).replace(/(?:\\-|\s)+/g, "[\\s\\-_]*");
const wordStart = "(?<![\\p{L}\\p{N}\\p{M}_])";
const wordEnd = "(?![\\p{L}\\p{N}\\p{M}_])";
// Arabic words carry attached prefixes: و (and), ب (by), ل (for), ك (as), ال (the).
const arabicPrefix = "(?:[وفبلك]?(?:ال)?)";
const isArabic = (s: string) => /[\u0600-\u06FF]/.test(s);

function alternatives(names: string[]): string {
  return [...new Set(names)]
    .sort((a, b) => b.length - a.length)
    .map((n) => (isArabic(n) ? arabicPrefix + namePattern(n) : namePattern(n)))
    .join("|");
}

// The stems of an uploaded model key: "qamar-70b" → ["qamar"], "sahm-chat" → ["sahm"].
export function modelKeyStems(key: string): string[] {
  return key
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((t) => t.length >= 3 && !genericKeyTokens.has(t));
}

export type IdentityDetector = (response: string) => IdentityMatch | null;

// Builds a detector for one upload: the curated names plus the uploaded model keys and their stems.
export function identityDetector(modelKeys: readonly string[] = []): IdentityDetector {
  const keyNames = modelKeys.filter((k) => k.length >= 3);
  const stems = modelKeys.flatMap(modelKeyStems);
  const distinct = alternatives([...distinctiveNames, ...keyNames]);
  const contextual = alternatives([...contextualNames, ...distinctiveNames, ...keyNames, ...stems]);
  const enFill = `(?:(?:${englishFiller.map(escapeRegExp).join("|")})[\\s,]+){0,8}`;
  const arFill = `(?:(?:${arabicFiller.map(escapeRegExp).join("|")})[\\s،,]+){0,6}`;
  const selfNoun = `(?:${englishSelfNoun.map(namePattern).join("|")})`;
  const english = new RegExp(
    `${wordStart}(?:(?:${englishSelfReference.map(escapeRegExp).join("|")})[\\s,]+${enFill}` +
      `|(?:${englishRolePrefix.map(escapeRegExp).join("|")})[\\s,]+${enFill}${selfNoun}[\\s,]+${enFill})(?<name>${contextual})${wordEnd}`,
    "iu",
  );
  const arabic = new RegExp(
    `${wordStart}[وف]?(?:${arabicSelfReference.map(escapeRegExp).join("|")})[\\s،,:]+${arFill}(?<name>${contextual})${wordEnd}`,
    "iu",
  );
  const anywhere = new RegExp(`${wordStart}(?<name>${distinct})${wordEnd}`, "iu");
  const exact = new RegExp(`${wordStart}(?<name>${alternatives(caseSensitiveNames)})${wordEnd}`, "u");

  return (response) => {
    const text = response.normalize("NFC");
    for (const pattern of [english, arabic, anywhere, exact]) {
      const m = pattern.exec(text);
      if (m) return { phrase: m[0].replace(/\s+/g, " ").trim(), name: m.groups!.name!.trim() };
    }
    return null;
  };
}
