"""The words of the demo campaign: why each runner runs, each family's story, each outlet's angle.

Everyone here is invented: no runner, family, baby or outlet is a real one. The families' stories are written
as parents, grandparents and siblings would write them, and say only what a family would choose to make
public. home/demo/campaign.py reads these by the runner's name, the baby's first name and the headline.
"""

# Runner's name -> summary (one sentence, shown on cards) and story (paragraphs, in the runner's voice).
RUNNER_WORDS = {
    "Maya Okafor": {
        "summary": "Maya has worked nights in a Sacramento NICU for eleven years. She runs for the babies she "
        "has rocked at 3 a.m., and for their parents.",
        "story": [
            "I have been a NICU nurse for eleven years, mostly on nights. The hardest part of the job is not the "
            "alarms. It is watching a parent hear the word NEC for the first time, at two in the morning, and "
            "realising nobody ever told them it existed.",
            "I took up running to help me sleep after night shifts. This is my third marathon and my first with "
            "a team. At every mile marker I'll look at my bracelet and say the baby's name out loud. My training "
            "partners have got used to it.",
            "Your gift pays for the research and the parent education I wish every family had before they needed "
            "it. Thank you for carrying these babies with me.",
        ],
    },
    "Daniel Reyes": {
        "summary": "Daniel's son Eli had surgery for NEC at 23 days old. Eli is six now and has promised to be "
        "at the finish with a sign.",
        "story": [
            "Our son Eli was born at 29 weeks. Three weeks later his belly swelled and his nurse called the "
            "surgeon before I had finished my coffee. He had surgery at 23 days old and lost part of his small "
            "intestine.",
            "He is six now. He eats like a horse, argues about bedtime and has a scar he calls his zipper. We were "
            "lucky, and I know that not every family on these bracelets was.",
            "I'm not a natural runner. I started last January because I wanted to do something with the fear I "
            "still carry. Eli will be at the finish with a sign. He has not told me what it says.",
        ],
    },
    "Priya Natarajan": {
        "summary": "Priya is a neonatologist. She runs so that fewer of her conversations with parents begin "
        'with "I\'m worried about her belly".',
        "story": [
            "I'm a neonatologist, which means I am usually the one who sits down with parents to explain what NEC "
            "is. I have had that conversation more times than I can count, and it never gets easier.",
            "We know more than we did ten years ago: a mother's own milk, or donor milk, lowers the risk, and "
            "careful feeding plans help. But we still can't predict which baby will get sick, and nothing we have "
            "gets ahead of the disease. That is a research problem, and research needs funding.",
            "I'll be slow and I'll be smiling. Each of my miles is for a baby whose family taught me something.",
        ],
    },
    "Tom Whitfield": {
        "summary": "Tom had never run further than a 10K. Then his best friend's daughter spent 94 days in the NICU.",
        "story": [
            "Until this spring, the longest race I had run was a 10K, and I walked some of it. Then my best "
            "friend's daughter was born at 26 weeks and spent 94 days in the NICU, and I spent a lot of evenings "
            "in their kitchen not knowing what to say.",
            "Signing up for a marathon was the one useful thing I could think of. Since then I have learned about "
            "foam rollers, blisters, and a disease I had never heard of that nearly every NICU parent fears.",
            "My goal is modest and so is my pace. If you sponsor me, I promise to finish. If you sponsor me "
            "generously, I promise to finish smiling.",
        ],
    },
    "Grace Lindqvist": {
        "summary": "Grace's twins were born at 28 weeks. Her daughter came home; her son did not. She runs for "
        "both of them.",
        "story": [
            "My twins, Ada and Johan, were born at 28 weeks. Ada came home after eleven weeks. Johan developed NEC "
            "on his nineteenth day and died four days later.",
            "People ask how I can talk about it. Talking is easier than the silence. Johan was here, he was loved, "
            "and the disease that took him still cannot be reliably prevented. I want that to change in Ada's "
            "lifetime.",
            'Ada is four. She calls this "Mama\'s big run" and has been training me with laps of the back yard. '
            "My bracelet carries other families' babies. I'll be carrying Johan too.",
        ],
    },
    "Samuel Adeyemi": {
        "summary": "Samuel studies how a premature baby's gut develops. He runs to put names to the samples in "
        "his lab.",
        "story": [
            "I spend my days studying how the intestine of a premature baby develops, and why in some babies it "
            "becomes inflamed and starts to fail. In the lab, NEC is a set of samples and numbers.",
            "Running with this team changes that. The babies on my bracelet have names, birthdays, favourite "
            "songs. I met two of their families at last year's pasta dinner, and I think of them every time an "
            "experiment doesn't work.",
            "Research is slow, and funding for a disease most people have never heard of is slower. Every gift "
            "to the NEC Society brings researchers and families to the same table, which is where the answers "
            "will come from.",
        ],
    },
    "Hannah Brooks": {
        "summary": "Hannah donated her milk after her daughter was born and still volunteers at the milk bank. "
        "Donor milk lowers the risk of NEC, and she wants every family to know.",
        "story": [
            "When my daughter was born I made far more milk than she needed, and a friend who is a lactation "
            "consultant told me about the milk bank. Over eight months I donated a little over 600 ounces. I still "
            "volunteer there on Saturdays, packing coolers.",
            "Human milk is one of the few things shown to lower a premature baby's risk of NEC. Many families "
            "don't know donor milk exists until their baby is already in intensive care.",
            "I run for the babies who received that milk, and for the ones it didn't reach in time.",
        ],
    },
    "Luis Moreno": {
        "summary": "Luis runs for his nephew Mateo, who spent his first four months in the NICU and now rules "
        "the family barbecue.",
        "story": [
            "My nephew Mateo was born at 27 weeks and weighed two pounds and a bit. He had NEC at five weeks old. "
            "He got through it without surgery, but it was a frightening week, and my sister did not leave the "
            "hospital.",
            "I was the uncle who brought burritos to the parking lot at midnight. That was all I could do then. "
            "This is what I can do now.",
            'Mateo is three. He has no idea what a marathon is, but he knows his uncle is going to run "really '
            'far", and he has opinions about my shoes.',
        ],
    },
}

# Baby's first name -> the family's words. `came_home`: the family honours a baby who came home (otherwise
# they remember one who died); `listed`: the family chose to list the tribute (otherwise a private link only).
TRIBUTE_WORDS = {
    "Aria": {
        "came_home": False,
        "listed": True,
        "summary": "Aria was born at 25 weeks and lived for 31 days. Her parents remember a fierce little girl "
        "who pulled at every wire.",
        "story": [
            "Aria arrived at 25 weeks, in the middle of a heatwave, weighing one pound nine ounces. The nurses "
            "called her the boss within a day, because she pulled at every wire that came near her.",
            "She had NEC at four weeks old, and the surgeons did everything they could. On her 31st day we held "
            "her without tubes for the first time, and she died in our arms that evening. We want other parents "
            "to hear the word NEC from a leaflet, not from a surgeon at midnight.",
        ],
        "message": "To whoever carries Aria's mile: she liked it when we sang slightly out of tune. Feel free.",
    },
    "Benjamin": {
        "came_home": True,
        "listed": True,
        "summary": "Benjamin had NEC at three weeks old and two operations. He is five now, loud, and devoted to "
        "garbage trucks.",
        "story": [
            "Ben was born at 27 weeks. At three weeks old he went from fine to very sick in one afternoon, and we "
            "learned what NEC was from a surgeon drawing on a paper towel.",
            "He had two operations and spent 112 days in the NICU. Today he is five, eats everything except peas, "
            "and can name every garbage truck on our street. We share his story for the families who are still "
            "in the hard part.",
        ],
        "message": "Ben says run fast. We say thank you, and take your time.",
    },
    "Clara": {
        "came_home": False,
        "listed": True,
        "summary": "Clara's grandmother writes for the family: Clara lived for nine weeks and is still very much "
        "part of it.",
        "story": [
            "I am Clara's grandmother. Her parents asked me to write this because I am the one who can get "
            "through it without stopping. Clara was born at 28 weeks, a tiny thing with her father's long "
            "fingers.",
            "She was doing well. She had started on her mother's milk and we were talking about when she might "
            "come home. Then NEC came on quickly, and she died at nine weeks old. We say her name at every "
            "birthday and holiday, and her cousins still draw her into the family pictures.",
        ],
        "message": "Thank you for saying Clara's name out loud. It is a lovely name, and we like to hear it.",
    },
    "Dominic": {
        "came_home": False,
        "listed": False,
        "summary": "Dominic's dad writes about the sixteen days his son was here.",
        "story": [
            "Dominic came fifteen weeks early, at 24 weeks, and he was here for sixteen days. I read him the "
            "same book about a bear who loses his hat twice a day, because the nurse said he would know my voice.",
            "NEC was what took him. We didn't know the word before, and now we can't stop knowing it. We share "
            "this page with family and friends rather than everyone, and we are grateful to the runner who "
            "carries him.",
        ],
        "message": "We hope Dom's mile is a good one. He would have liked the noise.",
    },
    "Elena": {
        "came_home": False,
        "listed": True,
        "summary": "Elena, a twin, lived for six weeks. Her sister Sofia is seven and knows all about her.",
        "story": [
            "Elena and her sister Sofia were born at 29 weeks. Elena was the smaller and the louder of the two. "
            "At five weeks she developed NEC, and despite surgery she died eight days later.",
            "Sofia is seven now. She knows she had a sister, and she asks the question every parent of a "
            "surviving twin dreads: why Elena and not me? We don't have an answer. We would like the researchers "
            "to find one.",
        ],
        "message": "From Sofia: please run fast for my sister.",
    },
    "Felix": {
        "came_home": True,
        "listed": True,
        "summary": "Felix came through NEC without surgery after ten hard days. He is two now and climbs everything.",
        "story": [
            "Felix was born at 31 weeks and we thought, naively, that we would be in and out. On day twelve his "
            "feeds stopped going down, his belly swelled, and the x-ray showed NEC. He had ten days without feeds "
            "and on antibiotics, and we watched the monitors.",
            "He came through without surgery. He is two and climbs everything: shelves, the dog, his grandfather. "
            "We know how lucky we are, and we give every year in honour of the babies in the room with him who "
            "didn't come home.",
        ],
        "message": "Felix will be near the finish in his stroller. He's the one with the cowbell.",
    },
    "Georgia": {
        "came_home": False,
        "listed": True,
        "summary": "Georgia lived for 47 days. Her mom remembers her quiet, watchful eyes.",
        "story": [
            "Georgia was born at 26 weeks and spent her whole life in the NICU. She was quiet and always "
            "watching, and she settled the moment her dad put his hand on her head.",
            "She had NEC twice. She recovered the first time; the second was too much for her, and she died at "
            "47 days old. Her nurses made us a book of her footprints and handprints. It is the most precious "
            "thing we own.",
        ],
        "message": "Thank you to Georgia's nurses, and to everyone running. We are proud to see her name on "
        "your wrists.",
    },
    "Henry": {
        "came_home": False,
        "listed": True,
        "summary": "Henry's parents share his story so that NEC is talked about before a baby is sick, not after.",
        "story": [
            "Henry was born at 27 weeks, on a Tuesday, during a thunderstorm, which his older brother still thinks "
            "is the most exciting thing that has ever happened.",
            "He was three weeks old when NEC was diagnosed. He had surgery that night, fought for two more "
            "weeks, and died on a January morning. Looking back, we wish we had known the early signs and had "
            "the words to ask questions. That is why we tell people about him, and about NEC, whenever we can.",
        ],
        "message": "Henry would be four this December. Have a great race.",
    },
    "Isla": {
        "came_home": False,
        "listed": True,
        "summary": "Isla lived for twelve days. Her family remembers the sound of her tiny sneeze.",
        "story": [
            "Isla was born at 23 weeks and five days, right at the edge of what is possible. Everyone who met her "
            "says the same thing: she sneezed like a kitten, and it made the whole room laugh.",
            "She had NEC at ten days old and died two days later. It was so fast. We have since met other "
            "families through the NEC Society, and it helped more than we can say to know we were not the only "
            "ones.",
        ],
        "message": "We'll be at the finish line. Look for the people in yellow: that was Isla's colour.",
    },
    "Jonah": {
        "came_home": True,
        "listed": True,
        "summary": "Jonah had surgery for NEC at 19 days old. He is in kindergarten now and his favourite word is why.",
        "story": [
            "Jonah came at 28 weeks. At 19 days old he had emergency surgery for NEC and came out with a stoma, "
            "which terrified us and which, within a month, had become completely routine.",
            "His bowel was reconnected at five months and he came home that spring. He is in kindergarten now, "
            "asks why about two hundred times a day, and knows he has a brave tummy. We honour him here, and "
            "the families who are living the other ending.",
        ],
        "message": "Jonah wants you to know he can run faster than all of you. He's probably right.",
    },
    "Keira": {
        "came_home": False,
        "listed": False,
        "summary": "Keira's parents share her page with the people who loved her.",
        "story": [
            "Keira was our first baby. She came at 26 weeks after a difficult pregnancy, with a full head of dark "
            "hair that the nurses tied up in a tiny bow.",
            "She lived for five weeks. NEC took her very quickly, on a night when everything had seemed to be "
            "going well. We chose to share her page privately, with family and friends, and we are grateful that "
            "a runner will carry her name all the same.",
        ],
        "message": "Thank you, from Keira's mom and dad.",
    },
    "Leo": {
        "came_home": False,
        "listed": True,
        "summary": "Leo lived for 38 days. His family remembers his big feet and his strong kick.",
        "story": [
            "Leo was born at 25 weeks with the biggest feet anyone in the NICU had seen on a baby his size. He "
            "kicked his nurses constantly, and they loved him for it.",
            "NEC came at five weeks. He had surgery, and for a few days we thought he might pull through. He died "
            "at 38 days old with both of us beside him. We give to the NEC Society every year on his birthday.",
        ],
        "message": "Leo was a kicker. Run strong for him.",
    },
    "Mila": {
        "came_home": False,
        "listed": True,
        "summary": "Mila was born at 30 weeks and lived for three weeks. Her brothers planted a tree for her.",
        "story": [
            "Mila was our third child and our only girl, born at 30 weeks. We thought 30 weeks sounded safe. We "
            "learned that NEC doesn't care much about what sounds safe.",
            "She died at three weeks old. Her brothers, who were six and eight, planted a dogwood in the back yard "
            "for her, and it flowers every spring around her birthday. We share her story so that every parent of "
            "a premature baby knows what NEC is.",
        ],
        "message": "Thank you to everyone carrying Mila's name. The dogwood says hello.",
    },
    "Nathaniel": {
        "came_home": True,
        "listed": True,
        "summary": "Nathaniel survived NEC and years of short bowel syndrome. At seven he swims three times a week.",
        "story": [
            "Nathaniel was born at 26 weeks and developed NEC at four weeks old. He lost much of his small "
            "intestine and spent most of his first two years on IV nutrition, in and out of hospital.",
            "He is seven now. He eats by mouth, swims three times a week, and knows more medicine than most "
            "adults. Life after NEC can be long and complicated, and we want people to know that the families of "
            "survivors need support too.",
        ],
        "message": "Nate says good luck, and remember to drink water.",
    },
    "Olive": {
        "came_home": False,
        "listed": True,
        "summary": "Olive lived for 22 days. Her parents write about the ordinary moments they had with her.",
        "story": [
            "Olive came at 27 weeks and we had 22 days with her: we changed her diapers through the portholes of "
            "the incubator, read her poems, and learned to tell her monitor's alarms from her neighbours'.",
            "She developed NEC in her third week and died after surgery. Ordinary moments are what we miss most, "
            "and what we hope other families will get more of. We share Olive's name in the hope that research "
            "gives them that.",
        ],
        "message": "With love and thanks, Olive's family.",
    },
    "Parker": {
        "came_home": False,
        "listed": True,
        "summary": "Parker's big sister, now sixteen, writes about the brother she remembers.",
        "story": [
            "I was nine when my brother Parker was born at 25 weeks. I wasn't allowed in the NICU much, so I drew "
            "him pictures and the nurses taped them to his incubator.",
            "He died from NEC when he was a month old. Nobody at school had heard of it, so I did my eighth-grade "
            "science fair project on it. I'm sixteen now and I'm running the 5K next year. This year I'm "
            "cheering.",
        ],
        "message": "Parker, this one's for you. Love, your big sister.",
    },
    "Quinn": {
        "came_home": False,
        "listed": True,
        "summary": "Quinn lived for 19 days and is remembered for her loud, indignant cry.",
        "story": [
            "Quinn arrived at 24 weeks, after a week of her mom on bed rest. Babies that small often cannot cry "
            "out loud, but Quinn managed it on her second day, and her nurse said she had never heard anything "
            "so indignant.",
            "NEC was diagnosed at 17 days and she died two days later. Since then we have become part of a "
            "community of NEC families that we never wanted to join and cannot imagine being without.",
        ],
        "message": "Thank you for running. Quinn would have complained loudly about the early start.",
    },
    "Rosie": {
        "came_home": True,
        "listed": False,
        "summary": "Rosie came home after 80 days in the NICU. Her family shares her page with the people close "
        "to them.",
        "story": [
            "Rosie was born at 28 weeks and had NEC at three weeks old. She was treated with antibiotics and rest "
            "for her gut, and she recovered without surgery.",
            "She came home after 80 days and is now a very busy three-year-old who loves the color pink and the "
            "word no. We keep her page for family and friends, and we're so glad she's on a bracelet this year.",
        ],
        "message": "Go team! Love, Rosie (and her mom, who typed this).",
    },
    "Silas": {
        "came_home": False,
        "listed": True,
        "summary": "Silas lived for seven weeks. His dad writes about the night shifts they shared.",
        "story": [
            "Silas was born at 26 weeks. I took the NICU night shifts so his mom could sleep. We'd sit skin to "
            "skin from midnight until the 4 a.m. weigh-in, and I'd tell him about baseball.",
            "He developed NEC at six weeks and died a week later. Some nights I still wake at four. I'm grateful "
            "to the nurses who sat with us, and to the NEC Society for being the first place we found other "
            "parents who understood.",
        ],
        "message": "Silas, buddy: they're running for you. Dad.",
    },
    "Talia": {
        "came_home": False,
        "listed": True,
        "summary": "Talia lived for 28 days. Her mom writes about the milk she pumped for her, and gave away "
        "afterwards.",
        "story": [
            "Talia was our second daughter, born at 27 weeks. I pumped every three hours for her, and the NICU "
            "freezer filled up with little bottles labelled with her name.",
            "She died from NEC at four weeks old. Afterwards I kept pumping for a while and gave what I had to "
            "the milk bank, so that another baby might have what Talia didn't get to finish. It felt like the "
            "right thing to do with it.",
        ],
        "message": "Thank you for carrying Talia. Every mile matters to us.",
    },
    "Uriel": {
        "came_home": False,
        "listed": True,
        "summary": "Uriel's parents remember a baby who opened his eyes for the first time to his mother's singing.",
        "story": [
            "Uriel was born at 25 weeks and weighed 680 grams. He opened his eyes for the first time on his ninth "
            "day, while his mother was singing to him, and we decided that was not a coincidence.",
            "NEC was diagnosed at three weeks. He had two operations and died at 33 days old. We miss him every "
            "day, and we are proud that his name is part of something as full of life as a marathon.",
        ],
        "message": "For Uriel, with love from Mamá, Papá and his grandparents in Guadalajara.",
    },
    "Violet": {
        "came_home": True,
        "listed": True,
        "summary": "Violet had NEC at 26 days old and came home after four months. She is nine and wants to be "
        "a NICU nurse.",
        "story": [
            "Violet was born at 25 weeks. At 26 days old she developed NEC and had part of her bowel removed. The "
            "months that followed were long: feeding plans, setbacks, and a lot of vending-machine dinners.",
            "She came home in time for her first Easter. She is nine now, reads under the covers, and wants to be "
            "a NICU nurse. When she heard about the marathon team she asked if she could have a mile, and she is "
            "very pleased with herself.",
        ],
        "message": "From Violet: thank you for running. I'm going to run it myself when I'm older.",
    },
    "Wesley": {
        "came_home": False,
        "listed": True,
        "summary": "Wesley lived for eleven days. His family hopes no parent hears of NEC for the first time in "
        "the NICU.",
        "story": [
            "Wesley was born at 29 weeks, and for his first week he did everything right. He was the baby the "
            "nurses pointed to as doing well.",
            "On day nine his feeds changed and his belly began to swell. By the time the diagnosis was clear the "
            "damage was done, and he died two days later. We wish we had known to ask about NEC sooner. That is "
            "the one thing we'd like every parent to take from his story.",
        ],
        "message": "Thank you for remembering our boy.",
    },
    "Ximena": {
        "came_home": False,
        "listed": True,
        "summary": "Ximena was born at 24 weeks and lived for nine days. Her parents remember her eyelashes.",
        "story": [
            "Ximena was born in the early hours, at 24 weeks. She had the longest eyelashes, which seemed "
            "impossible on someone so small, and her father swore she frowned at him when he spelled her name "
            "wrong on the whiteboard.",
            "She developed NEC on her seventh day and died two days later. We wrote this together, in Spanish "
            "first, then in English for this page. We share her story because silence did not help us, and "
            "talking about her does.",
        ],
        "message": "Gracias, runners. Ximena is with you.",
    },
    "Yusuf": {
        "came_home": False,
        "listed": False,
        "summary": "Yusuf's parents share his page with family and friends.",
        "story": [
            "Yusuf was born at 26 weeks, our first son after two daughters. His sisters chose his middle name and "
            "insisted it be written on the card on his incubator.",
            "He lived for 27 days. NEC took him after a short, hard fight. We share his page privately, with the "
            "people who knew him, and we are thankful that his name will travel all the way to the Capitol.",
        ],
        "message": "Thank you, and may every mile be kind to you.",
    },
    "Zara": {
        "came_home": True,
        "listed": True,
        "summary": "Zara's NEC was caught early by a nurse who noticed. She came home at seven weeks and is "
        "walking now.",
        "story": [
            "Zara was born at 30 weeks and was doing well until, at two weeks old, she stopped tolerating her "
            "feeds. Her nurse noticed before anyone else did, and NEC was caught early. She spent a week without "
            "feeds, on antibiotics, while we sat beside her and hoped.",
            "She recovered, came home at seven weeks, and took her first steps last month, straight into the "
            "coffee table. We know how much of her story came down to timing and one attentive nurse. We would "
            "like every baby to have that.",
        ],
        "message": "Zara's is the last mile: bring it home!",
    },
}

# Headline -> the outlet's angle, shown as the coverage's summary.
PRESS_ANGLES = {
    "CIM runner raising awareness of disease affecting preemies": "A profile of Maya Okafor, a NICU nurse who "
    "took up running after night shifts, and why she wants parents to hear about NEC before their baby is in "
    "intensive care.",
    "26.2 miles for the babies": "On the eve of the race, KXRB visited the team's pasta dinner, where families "
    "met the runners carrying their babies' names and handed over the bracelets.",
    "Davis nonprofit's marathon team runs for babies born too soon": "The local paper on how a small Davis "
    "nonprofit grew a marathon team from four friends to eight runners, and where the money goes: research, "
    "family support and education.",
    "A mother's fight against necrotizing enterocolitis": "A half-hour conversation with Grace Lindqvist, whose "
    "twins were born at 28 weeks, and neonatologist Priya Natarajan, on what NEC is, what is known about "
    "preventing it, and what is not known yet.",
    "Bracelets, miles and the babies we remember": "Recorded after the race, this episode follows three "
    "families through race day, from the bracelet hand-over to the finish line, and asks how remembering a "
    "baby can be joyful.",
    "Runners wear the names of 26 babies on race day": "A report from the finish with the numbers behind it: 26 "
    "babies, eight runners, and what donor milk and research funding can do to lower the risk of NEC.",
    "Marathon team returns for the NEC Society": "A short segment from the 2017 race, the team's second year, "
    "with Luis Moreno, who ran for his nephew Mateo.",
}
