"""The cue lists the STAR rules read: what tells a scene, a task, an outcome, and a measurable one."""

from __future__ import annotations

_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|june|july|august|september|october|november|december"
_HEDGE = r"(?:kind of |sort of |kinda |sorta |like |basically |actually |just |probably |maybe |really )*"
_NUMBER_WORD = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion|half|double|twice|percent|dozen"
)
_NUMBER = rf"(?:\d[\d.,]*%?|\b(?:{_NUMBER_WORD})\b)"
_UNIT_WORD = r"(?:minute|hour|day|week|month|quarter|year|shift|sprint|term|semester)"
_UNIT = rf"{_UNIT_WORD}s?"
_PRIZES = r"(?:job|role|offer|promotion|place|contract|award|prize|grade|raise|bonus|deal|account|grant|resit|exam)"
_TASK_NOUNS = (
    r"(?:job|goal|role|task|priority|responsibility|aim|area|call|problem|mess|decision|remit|brief|mission|"
    r"challenge|target)"
)
_PEOPLE = (
    r"manager|boss|lead|advisor|supervisor|director|client|customer|colleague|coworker|co-worker|principal|"
    r"professor|teacher|chair|head|vp|ceo|cto|team|company|caller|patient|student|promoter|partner|vendor"
)


# The scene: a role, a place, a time or other people acting, told in the past.
SITUATION_CUES: tuple[str, ...] = (
    rf"\bi (?:was|had been) {_HEDGE}(?:a|an|the|as|at|in|on|one of|working|doing|\w+ing)\b",
    r"\bi worked (?:at|in|as|for|on)\b",
    r"\bas (?:a|an|the) (?:new )?\w+",
    r"\bat (?:the|our|a|an|my|his|her|their) (?!end\b|same\b|time\b|start\b|moment\b)\w+",
    r"\b(?:this|that) was (?:at|when|in|during|back)\b",
    r"\bwhen i (?:was|moved|started|joined|worked|took over|first)\b",
    r"\bduring (?:my|our|the|a)\b",
    r"\bin (?:my|our) (?:first|second|third|last|old|previous|new) \w+",
    rf"\bin (?:{_MONTHS})\b",
    rf"\b(?:on|one|last|that|a) (?:{_WEEKDAYS})\b",
    r"\b(?:last|that|one) (?:year|summer|winter|spring|autumn|fall|weekend|morning|night|time)\b",
    r"\b(?:one|a|an) (?:day|morning|night|weekend|afternoon) (?!early|late)",
    r"\b\w+ (?:years|months|weeks) ago\b",
    r"\bat one point\b",
    r"\bthere (?:was|were)\b",
    r"\bwe (?:had|kept|were|got a call)\b",
    r"\b(?:he|she|they|it) (?:was|were) (?:a(?! lot| bit| little)|an|the|my|our|in|at)\b",
    # something went on and on before anything was done: "kept arguing", "kept getting calls"
    r"\bkept \w+ing\b",
    rf"\b(?:{_NUMBER}|a few|a couple of) {_UNIT} (?:before|after|into)\b",
    rf"\b(?:my|our|a|an|the) (?:\w+ ){{0,2}}(?:{_PEOPLE})s? (?:\w+ed|told|said|came|gave|had|quit|went|took|"
    r"sent|left|made|got|kept|brought|ran)\b",
    # what things were like: "our support queue had a ticket", "my team was short" (not "my job was")
    rf"\b(?:our|my) (?!{_TASK_NOUNS}\b)\w+(?: \w+)? (?:had|was|were|kept|used to)\b",
    r"\b(?:my|our) (?:first|second|third|last|old|previous) \w+",
    r"\b(?:my|our) \w+ and i\b",
    r"\bthe (?:one|time|story) that comes to mind\b",
    r"\bthe background (?:is|was)\b",
)

# The speaker's own goal or what they were given to do ("we had to" alone is not theirs).
TASK_CUES: tuple[str, ...] = (
    rf"\bmy {_TASK_NOUNS}\b",
    r"\b(?:was|were|fell|came down|landed) (?:on|to|up to) me\b",
    rf"(?<!where )(?<!that )(?<!which )\bi {_HEDGE}(?:wanted|needed|had|was asked|was told|was supposed|"
    r"was expected|set out|aimed|tried|promised|"
    r"was trying|meant|agreed|offered|volunteered)(?: \w+){0,3}? to\b",
    r"\b(?:asked|told|wanted|needed|assigned|put|paired|brought|hired|tasked|got)\b(?: \w+){0,3} me (?:to|in charge|"
    r"with)\b",
    r"\bi was (?:responsible|in charge|accountable|the one who|tasked)\b",
    r"\bi (?:owned|had to own)\b",
    r"\bi (?:wanted|needed) (?:a|an|the)\b",
    r"\b(?:was|were) (?:all )?mine\b",
    r"\bset (?:myself |me )?(?:a |the )?(?:goal|target)\b",
    r"\bi (?:decided|made it my) (?:job|goal|business|mission)\b",
)

# An outcome, wherever it is told ("in the end", "that's how it ended"); "I ended up doing" is an action.
RESULT_ANYWHERE_CUES: tuple[str, ...] = (
    r"\bin the end\b",
    r"\bby the end\b",
    r"\b(?<!\bi )(?<!which )ended up\b(?! being)",
    r"\bthat's (?:how|where) it (?:ended|ended up|landed)\b",
    r"\bturned out (?:to|fine|well|great|okay|ok|alright|really|pretty|a|better|worse|perfect)\b",
    r"\bas a result\b",
    r"\bthe (?:result|outcome) (?:was|is)\b",
    r"\b(?:it|that|everything) (?:worked out|paid off)\b",
    r"\b(?:ever )?since then\b",
    r"\bfrom then on\b",
    r"\bended (?:the|that|my|our) (?:year|quarter|month|week|day|season|shift|term)\b",
)
# An outcome only when told after something was done: an evaluation, a change, someone's decision.
RESULT_AFTER_ACTION_CUES: tuple[str, ...] = (
    r"\b(?:went|was|were|got|seemed|became|turned out|worked out|ended)\b(?: \w+){0,4}? (?:well|fine|okay|ok|"
    r"alright|better|great|smooth|smoothly|perfect|friendlier|happier|calmer|easier|faster|quicker|"
    r"a success|successful)\b",
    # not "that": "something that worked for both of us" is a wish, not an outcome
    r"\b(?:it|this) (?:worked|helped|paid off)\b",
    r"\bseemed to (?:help|work)\b",
    r"\bgot through it\b",
    r"\b(?:people|they|everyone|she|he|the \w+) (?:liked|loved|appreciated|thanked)\b",
    r"(?<!would have )(?<!could have )\b(?:dropped|fell|rose|grew|increased|decreased|doubled|halved|tripled|"
    r"improved|recovered|disappeared|shrank|declined|jumped|climbed|went (?:from|down|up)|came (?:down|in))\b",
    r"\b(?:agreed|approved|accepted|renewed|signed|booked|hired|promoted|won|passed|funded|went with|"
    r"calmed down|thanked)\b",
    r"\bsince\s*(?:[.,!?]|$)",
    r"\bnow (?:we|they|it|the|every|he|she|our|i)\b",
    rf"\b(?:{_NUMBER}) (?:{_UNIT}) (?:early|ahead of schedule|ahead of time)\b",
    r"\b(?:on time|ahead of (?:schedule|time)|under budget|on budget|same day)\b",
    rf"\bby (?:{_NUMBER}|noon|midnight|one)(?: ?(?:am|pm|o'clock))?\b",
    rf"\bwithin (?:a|an|one|a few|{_NUMBER}) {_UNIT}\b",
    rf"\b(?:got|scored|reached|hit|closed|sold|raised|made|finished) (?:a |an |the )?{_NUMBER}",
    # an outcome with its figure a few words on: "finished in two hours", "raised just over a thousand"
    rf"\b(?:finished|raised|scored|reached|closed|sold|saved|won|earned|grew)\b(?: \w+){{0,3}}? {_NUMBER}",
    # the speaker's own outcome: "i got the role", "i passed", "i was promoted"
    rf"\bi (?:got|was given|was offered|won|passed|earned|landed) (?:the |a |an |my )?{_PRIZES}\b",
    r"\bi (?:was|got) (?:promoted|hired|offered|accepted)\b",
)

# What makes an outcome measurable: a number, a time, or something that visibly happened.
MEASURABLE_CUES: tuple[str, ...] = (
    _NUMBER,
    rf"\bevery {_UNIT_WORD}\b",
    r"\b(?:on time|ahead of (?:schedule|time)|same day|under budget|on budget)\b",
    r"\b(?:agreed|approved|accepted|renewed|signed|booked|hired|promoted|won|passed|funded|went with|"
    r"disappeared|bought|paid)\b",
    r"\b(?:haven't|hasn't|never|no|not a|nothing|zero|none)\b.*\bsince\b",
    r"\bnothing \w+ed\b",
    r"\bevery\b.*\bsince\b",
    r"\bwithout (?:a single|any|a)\b",
    rf"\b(?:{_WEEKDAYS}|{_MONTHS}|spring|summer|autumn|winter)\b",
    r"\bnever\b.*\bagain\b",
    r"\b(?:most|every|each) (?:morning|afternoon|evening|night|day|week|month)s?\b",
    r"\b(?:that|the same|the following|the next) (?:day|week|month|morning|afternoon|evening)\b",
    r"\b(?:a|one|two|three) (?:third|quarter|fifth|tenth)s?\b",
    r"\bon (?:the )?(?:new |agreed |same |original )?(?:date|deadline|day)\b",
    r"\b(?:kept|still|started|began) (?:ordering|buying|using|coming|booking|sending|paying|recommending)\b",
    rf"\b(?:got|won|landed|earned) (?:the |a |an |my )?{_PRIZES}\b",
    # someone else did something that can be seen: "wrote us a review", "came back", "rejected it"
    r"\b(?:wrote|sent|left|gave|referred|recommended|came back|returned|rejected|cancelled|chose|picked|"
    r"ordered|used)\b",
    # a target met or a thing that went out: "hit every target", "the release went out"
    r"\b(?:hit|met|beat|missed) (?:every|the|our|its|their|each|all)\b",
    r"\b(?:went (?:out|live)|launched|shipped|released|published|opened)\b",
)
