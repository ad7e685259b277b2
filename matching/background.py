"""Sentences that evidence no item of any profile, for calibrating similarities.

E5-style models give every pair of Swedish sentences a cosine of about 0.75 to 0.9, so a
raw cosine says little. Each behaviour is therefore compared with how similar it is to these
ordinary CV sentences (other trades, generic office work, leisure), and evidence is measured
in standard deviations above that background.
"""

from __future__ import annotations

from matching.language import Language

BACKGROUND: tuple[str, ...] = (
    "Jag har kört lastbil i fjärrtrafik i femton år och har C- och CE-körkort.",
    "Jag arbetade som kock på en restaurang i centrum.",
    "Jag har lagt golv och renoverat badrum som snickare.",
    "Jag har erfarenhet av lagerarbete och truckkörning.",
    "Jag har arbetat som säljare i butik med kassa och kundservice.",
    "Jag programmerade webbapplikationer i Java och Python.",
    "Jag har ansvarat för bokföring och löner i ett mindre bolag.",
    "På fritiden spelar jag fotboll och tränar ett juniorlag.",
    "Jag tycker om att laga mat, resa och läsa böcker.",
    "Jag har körkort B och tillgång till egen bil.",
    "Jag talar svenska, engelska och lite tyska.",
    "Jag har goda kunskaper i Word, Excel och Outlook.",
    "Jag arbetade som lärare i matematik på högstadiet.",
    "Jag har städat kontor och skolor för ett städbolag.",
    "Jag har arbetat som elektriker med installationer i nybyggda hus.",
    "Jag var ansvarig för inköp av råvaror till en fabrik.",
    "Jag har skött receptionen och bokat möten på ett hotell.",
    "Jag har vårdat hästar och arbetat på en gård.",
    "Jag arbetade med marknadsföring i sociala medier för ett företag.",
    "Jag har administrerat fakturor och beställningar.",
    "Jag har svarat i telefon och registrerat ärenden i ett system.",
    "Jag studerade ekonomi vid universitetet.",
    "Jag har arbetat som busschaufför i kollektivtrafiken.",
    "Jag har underhållit maskiner i en verkstad.",
    "Jag har sommarjobbat på ett café och en glassbar.",
    "Jag är intresserad av musik och spelar gitarr i ett band.",
    "Jag har arbetat som vaktmästare på en skola.",
    "Jag har skrivit avtal och granskat kontrakt på en advokatbyrå.",
    "Jag sköter mina arbetsuppgifter noggrant och kommer i tid.",
    "Jag har deltagit i interna utbildningar om arbetsmiljö.",
    "Jag har planerat scheman för personal i en butik.",
    "Jag har arbetat i kassan på en livsmedelsbutik.",
    "Jag har erfarenhet av att plocka och packa varor.",
    "I am a truck driver with ten years of experience in long-haul transport.",
    "I worked as a software developer building mobile apps.",
    "I enjoy hiking, cooking and travelling with my family.",
    "Jag har byggt om och sålt gamla bilar som hobby.",
    "Jag arbetade som receptionist på en tandläkarmottagning.",
    "Jag har erfarenhet av att hantera kassaflöden och budget i detaljhandeln.",
    "Jag har vunnit priser i orientering.",
)

# The same kind of sentences in English, so English CV sentences are measured against
# English background (:mod:`matching.language`) and land on the same scale as Swedish ones.
BACKGROUND_EN: tuple[str, ...] = (
    "I have driven long-haul trucks for fifteen years and hold a heavy goods licence.",
    "I worked as a chef at a restaurant in the city centre.",
    "I have laid floors and renovated bathrooms as a carpenter.",
    "I have experience of warehouse work and driving forklifts.",
    "I have worked as a shop assistant with the till and customer service.",
    "I programmed web applications in Java and Python.",
    "I was responsible for bookkeeping and payroll in a small company.",
    "In my spare time I play football and coach a youth team.",
    "I enjoy cooking, travelling and reading books.",
    "I have a driving licence and my own car.",
    "I speak Swedish, English and some German.",
    "I have good skills in Word, Excel and Outlook.",
    "I worked as a mathematics teacher at a secondary school.",
    "I have cleaned offices and schools for a cleaning company.",
    "I have worked as an electrician installing wiring in new houses.",
    "I was in charge of buying raw materials for a factory.",
    "I ran the reception desk and booked meetings at a hotel.",
    "I have looked after horses and worked on a farm.",
    "I worked with social media marketing for a company.",
    "I have handled invoices and orders.",
    "I have answered the phone and registered cases in a system.",
    "I studied economics at university.",
    "I have worked as a bus driver in public transport.",
    "I have maintained machines in a workshop.",
    "I had summer jobs at a café and an ice cream kiosk.",
    "I am interested in music and play guitar in a band.",
    "I have worked as a caretaker at a school.",
    "I have drafted agreements and reviewed contracts at a law firm.",
    "I do my tasks carefully and I am always on time.",
    "I have taken part in internal training on the work environment.",
    "I have planned staff schedules in a shop.",
    "I have worked at the checkout in a grocery store.",
    "I have experience of picking and packing goods.",
    "Jag är lastbilschaufför med tio års erfarenhet av fjärrtransporter.",
    "Jag arbetade som mjukvaruutvecklare och byggde mobilappar.",
    "Jag tycker om att vandra, laga mat och resa med min familj.",
    "I have rebuilt and sold old cars as a hobby.",
    "I worked as a receptionist at a dental clinic.",
    "I have experience of managing cash flow and budgets in retail.",
    "I have won prizes in orienteering.",
)

BACKGROUNDS: dict[Language, tuple[str, ...]] = {"sv": BACKGROUND, "en": BACKGROUND_EN}
