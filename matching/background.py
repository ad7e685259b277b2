"""Sentences that evidence no item of any profile, for calibrating similarities.

E5-style models give every pair of Swedish sentences a cosine of about 0.75 to 0.9, so a
raw cosine says little. Each behaviour is therefore compared with how similar it is to these
ordinary CV sentences (other trades, generic office work, leisure), and evidence is measured
in standard deviations above that background.
"""

from __future__ import annotations

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
