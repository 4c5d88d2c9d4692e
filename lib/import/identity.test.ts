import { describe, expect, it } from "vitest";
import { identityDetector, modelKeyStems } from "./identity";

const keys = ["qamar-70b", "sahm-chat", "atlas-7b", "nahla-13b"];
const detect = identityDetector(keys);

describe("identity detection", () => {
  it.each([
    ["I am ALLaM, a model by SDAIA.", "ALLaM"],
    ["As an OpenAI model, I cannot browse the web.", "OpenAI"],
    ["I'm Claude, an AI assistant.", "Claude"],
    ["I am an AI language model developed by Google.", "Google"],
    ["Hello! My name is Gemini.", "Gemini"],
    ["I was trained by Meta AI on public data.", "Meta AI"],
    ["ChatGPT would say the same.", "ChatGPT"],
    ["I am Qamar, happy to help.", "Qamar"],
    ["Greetings from sahm-chat.", "sahm-chat"],
    ["أنا نموذج جيس، كيف أساعدك؟", "جيس"],
    ["أنا مساعد ذكي من تطوير شركة أوبن إيه آي.", "أوبن إيه آي"],
    ["تم تطويري من قبل جوجل.", "جوجل"],
    ["بصفتي نموذجًا لغويًا، اسمي علام.", "علام"],
    ["انا شات جي بي تي", "شات جي بي تي"],
  ])("flags %s", (text, name) => {
    const match = detect(text);
    expect(match).not.toBeNull();
    expect(match!.name.toLowerCase()).toBe(name.toLowerCase());
    expect(text).toContain(match!.phrase.split(" ")[0]!);
  });

  it.each([
    "The moon (القمر) is bright tonight.",
    "سطع القمر في السماء، وطار سهم فوق النخلة.",
    "Open a world atlas and find Morocco.",
    "You can search for it on Google or in a library.",
    "Gemini is one of the twelve zodiac signs.",
    "A llama is a South American camelid.",
    "The mistral is a cold wind in southern France.",
    "As a result, Meta's share price fell.",
    "I am going to explain how Microsoft Excel formulas work.",
    "Falcons are birds of prey; the falcon is the national bird of the UAE.",
    "علامَ تدل هذه الآية؟",
    "أنا سعيد بمساعدتك في هذا السؤال.",
    "Use Python 3 and the Phi coefficient.",
    "I am happy to help with your question about nahla bees.",
  ])("does not flag %s", (text) => {
    expect(detect(text)).toBeNull();
  });

  // Issue 12 item 15: on a real English set these ordinary phrases were flagged as self-references.
  it.each([
    "Avoid passing a password as a command line parameter: it shows up in the process list.",
    "Pass the file name as a Command argument.",
    "The tensor is stored as an NVIDIA GPU buffer until you copy it back.",
    "Treat it as a Google Sheets formula.",
    "Being a Falcon owner, you should check the brakes.",
    "Android was developed by Google and released in 2008.",
    "The H100 is a GPU made by NVIDIA.",
    "هذا الهاتف من صنع جوجل.",
    "يعمل البرنامج من تطوير مايكروسوفت على ويندوز.",
  ])("does not flag an ordinary phrase: %s", (text) => {
    expect(detect(text)).toBeNull();
  });

  it.each([
    ["As an AI developed by Google, I cannot share personal opinions.", "Google"],
    ["As an AI assistant trained by Meta, I follow its usage policy.", "Meta"],
    ["As a large language model from Cohere, I try to be helpful.", "Cohere"],
    ["Being an AI model created by NVIDIA, I run on its GPUs.", "NVIDIA"],
    ["I am Command, a model by Cohere.", "Command"],
    ["I'm a large language model, trained by the Google team.", "Google"],
    ["I was developed by NVIDIA researchers.", "NVIDIA"],
    ["I am powered by Gemini.", "Gemini"],
    ["أنا فالكون، نموذج لغوي.", "فالكون"],
    ["أنا نموذج لغوي من صنع جوجل.", "جوجل"],
    ["بصفتي مساعدًا، أنا مساعد من تطوير مايكروسوفت.", "مايكروسوفت"],
    ["طورتني شركة ميتا.", "ميتا"],
  ])("still flags a true self-reference: %s", (text, name) => {
    expect(detect(text)?.name.toLowerCase()).toBe(name.toLowerCase());
  });

  it("derives name stems from model keys, skipping generic parts", () => {
    expect(modelKeyStems("qamar-70b")).toEqual(["qamar"]);
    expect(modelKeyStems("sahm-chat")).toEqual(["sahm"]);
    expect(modelKeyStems("org/Orion-Mini-Instruct")).toEqual(["org", "orion"]);
  });

  it("flags a key's stem only in a self-reference", () => {
    expect(detect("Orion is a constellation.")).toBeNull();
    expect(identityDetector(["orion-mini"])("I am Orion, a helpful assistant.")?.name).toBe("Orion");
  });
});
