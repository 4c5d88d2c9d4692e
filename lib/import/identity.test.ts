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
