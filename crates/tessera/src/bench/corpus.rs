//! Realistic ticket text in the five languages Tessera stems, so that seeded
//! databases exercise search the way a real desk does (inflected words, Cyrillic
//! and Greek scripts, repeated vocabulary across tickets).

use rand::Rng;
use rand::seq::IndexedRandom;

pub struct Corpus {
    /// ISO 639-1 code, as stored in `Ticket::language`.
    pub code: &'static str,
    /// Share of tickets in this language, in percent.
    pub weight: u32,
    subjects: &'static [&'static str],
    sentences: &'static [&'static str],
    replies: &'static [&'static str],
    greetings: &'static [&'static str],
    closings: &'static [&'static str],
    names: &'static [&'static str],
}

impl Corpus {
    /// How many subjects there are; subject `i` means the same in every language.
    pub fn topics(&self) -> usize {
        self.subjects.len()
    }

    pub fn subject(&self, rng: &mut impl Rng) -> String {
        let index = rng.random_range(0..self.subjects.len());
        self.subject_of(index, rng)
    }

    /// Subject number `index` (wrapping), sometimes with an asset tag.
    pub fn subject_of(&self, index: usize, rng: &mut impl Rng) -> String {
        let subject = self.subjects[index % self.subjects.len()];
        // Asset tags make subjects distinct, as in real queues.
        if rng.random_ratio(1, 3) {
            format!("{subject} (PC-{:04})", rng.random_range(1..10_000))
        } else {
            subject.to_owned()
        }
    }

    pub fn description(&self, rng: &mut impl Rng) -> String {
        let mut text = String::with_capacity(400);
        text.push_str(pick(self.greetings, rng));
        text.push_str("\n\n");
        let count = rng.random_range(2..=4);
        for (i, sentence) in self.sentences.choose_multiple(rng, count).enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(sentence);
        }
        text.push_str("\n\n");
        text.push_str(pick(self.closings, rng));
        text
    }

    pub fn reply(&self, rng: &mut impl Rng) -> String {
        pick(self.replies, rng).to_owned()
    }

    pub fn person_name(&self, rng: &mut impl Rng) -> String {
        pick(self.names, rng).to_owned()
    }
}

fn pick(items: &'static [&'static str], rng: &mut impl Rng) -> &'static str {
    items.choose(rng).copied().unwrap_or_default()
}

/// A language, chosen by the weights of [`LANGUAGES`].
pub fn pick_language(rng: &mut impl Rng) -> &'static Corpus {
    let total: u32 = LANGUAGES.iter().map(|c| c.weight).sum();
    let mut roll = rng.random_range(0..total);
    for corpus in &LANGUAGES {
        if roll < corpus.weight {
            return corpus;
        }
        roll -= corpus.weight;
    }
    &LANGUAGES[0]
}

/// What agents search for: words that occur in the corpus, some inflected
/// differently than in the tickets.
pub const SEARCH_QUERIES: &[&str] = &[
    "printer",
    "vpn password",
    "invoice",
    "shared drive",
    "laptop battery",
    "drukarka",
    "hasło",
    "faktura",
    "dysk sieciowy",
    "pisač",
    "lozinka",
    "zajednički disk",
    "принтер",
    "пароль",
    "лицензия",
    "общий диск",
    "εκτυπωτής",
    "κωδικός",
    "τιμολόγιο",
    "δίσκο",
];

pub static LANGUAGES: [Corpus; 5] = [
    Corpus {
        code: "en",
        weight: 40,
        subjects: &[
            "Printer on the second floor is not printing",
            "Cannot connect to VPN from home",
            "Password reset for the accounting system",
            "Outlook keeps asking for my password",
            "Laptop battery drains very quickly",
            "Request for a new monitor",
            "No access to the shared drive",
            "Invoice shows the wrong amount",
            "Wi-Fi keeps disconnecting in the meeting room",
            "New employee onboarding: account and laptop",
            "Website is very slow since this morning",
            "Error when saving an order in the CRM",
            "Phone does not sync email",
            "Software licence expired",
        ],
        sentences: &[
            "Since yesterday the printer shows a paper jam error although the tray is empty.",
            "I have already restarted the computer twice, but the problem remains.",
            "The VPN client says the connection timed out after I enter my password.",
            "Several colleagues in our department have the same issue.",
            "I need access to the project folder on the shared drive by Friday.",
            "The error message says: access denied, contact your administrator.",
            "My password expired and the reset link in the email does not work.",
            "The laptop gets very hot and the fan is loud even when nothing is running.",
            "Our invoice for March lists twelve licences, but we only use eight.",
            "The wireless network drops every few minutes, especially during video calls.",
            "Please prepare an account, a laptop and a phone for the new colleague starting on Monday.",
            "The page takes more than thirty seconds to load and sometimes shows a timeout.",
            "When I click save, the order disappears and nothing is stored.",
            "This is urgent because customers are waiting for their deliveries.",
            "I attached a screenshot of the error.",
        ],
        replies: &[
            "Thank you for your message. We are looking into it and will get back to you today.",
            "Could you please send us a screenshot of the error and the exact time it happened?",
            "We have reset your password; you will receive a temporary one by text message.",
            "The printer driver was updated remotely. Please try printing again.",
            "A technician will visit your office tomorrow morning.",
            "We have granted access to the shared folder. Please sign out and back in.",
            "The issue was caused by a network outage and has been resolved.",
            "Can you confirm that the problem no longer occurs?",
        ],
        greetings: &["Hello,", "Hi team,", "Good morning,", "Dear support,"],
        closings: &["Thanks in advance.", "Best regards.", "Kind regards."],
        names: &[
            "Emma Thompson",
            "James Wilson",
            "Olivia Brown",
            "Liam Johnson",
            "Sophie Taylor",
            "Daniel Clarke",
            "Grace Evans",
            "Thomas Walker",
        ],
    },
    Corpus {
        code: "pl",
        weight: 20,
        subjects: &[
            "Drukarka na drugim piętrze nie drukuje",
            "Nie mogę połączyć się z VPN z domu",
            "Reset hasła do systemu księgowego",
            "Outlook ciągle prosi o hasło",
            "Bateria w laptopie bardzo szybko się rozładowuje",
            "Prośba o nowy monitor",
            "Brak dostępu do dysku sieciowego",
            "Faktura zawiera błędną kwotę",
            "Wi-Fi w sali konferencyjnej ciągle się rozłącza",
            "Nowy pracownik: konto i laptop",
            "Strona internetowa działa bardzo wolno od rana",
            "Błąd przy zapisywaniu zamówienia w CRM",
            "Telefon nie synchronizuje poczty",
            "Licencja na oprogramowanie wygasła",
        ],
        sentences: &[
            "Od wczoraj drukarka zgłasza zacięcie papieru, chociaż podajnik jest pusty.",
            "Dwa razy uruchamiałem ponownie komputer, ale problem nadal występuje.",
            "Klient VPN po wpisaniu hasła wyświetla komunikat o przekroczeniu czasu połączenia.",
            "Kilka osób z naszego działu ma ten sam problem.",
            "Potrzebuję dostępu do folderu projektu na dysku sieciowym do piątku.",
            "Komunikat błędu brzmi: odmowa dostępu, skontaktuj się z administratorem.",
            "Moje hasło wygasło, a link do resetu w wiadomości e-mail nie działa.",
            "Laptop bardzo się nagrzewa, a wentylator jest głośny nawet bez uruchomionych programów.",
            "Na fakturze za marzec jest dwanaście licencji, a używamy tylko ośmiu.",
            "Sieć bezprzewodowa rozłącza się co kilka minut, zwłaszcza podczas wideokonferencji.",
            "Proszę przygotować konto, laptop i telefon dla nowej koleżanki, która zaczyna w poniedziałek.",
            "Strona ładuje się ponad trzydzieści sekund i czasem pokazuje błąd przekroczenia czasu.",
            "Po kliknięciu zapisz zamówienie znika i nic nie zostaje zapisane.",
            "To pilne, ponieważ klienci czekają na dostawy.",
            "W załączniku przesyłam zrzut ekranu z błędem.",
        ],
        replies: &[
            "Dziękujemy za zgłoszenie. Sprawdzamy problem i odezwiemy się jeszcze dziś.",
            "Prosimy o przesłanie zrzutu ekranu z błędem i dokładnej godziny jego wystąpienia.",
            "Zresetowaliśmy hasło; hasło tymczasowe zostanie wysłane SMS-em.",
            "Sterownik drukarki został zaktualizowany zdalnie. Prosimy spróbować wydrukować ponownie.",
            "Technik odwiedzi Państwa biuro jutro rano.",
            "Nadaliśmy dostęp do folderu współdzielonego. Prosimy wylogować się i zalogować ponownie.",
            "Problem był spowodowany awarią sieci i został usunięty.",
            "Prosimy o potwierdzenie, że problem już nie występuje.",
        ],
        greetings: &["Dzień dobry,", "Witam,", "Szanowni Państwo,", "Cześć,"],
        closings: &["Z góry dziękuję.", "Pozdrawiam.", "Z poważaniem."],
        names: &[
            "Anna Nowak",
            "Piotr Wójcik",
            "Katarzyna Mazur",
            "Tomasz Krawczyk",
            "Magdalena Kaczmarek",
            "Krzysztof Dudek",
            "Agnieszka Wróbel",
            "Paweł Sikora",
        ],
    },
    Corpus {
        code: "hr",
        weight: 15,
        subjects: &[
            "Pisač na drugom katu ne ispisuje",
            "Ne mogu se spojiti na VPN od kuće",
            "Resetiranje lozinke za računovodstveni sustav",
            "Outlook stalno traži lozinku",
            "Baterija prijenosnog računala se brzo prazni",
            "Zahtjev za novi monitor",
            "Nemam pristup zajedničkom disku",
            "Račun sadrži pogrešan iznos",
            "Wi-Fi u sali za sastanke se stalno prekida",
            "Novi zaposlenik: korisnički račun i prijenosno računalo",
            "Web stranica je jako spora od jutros",
            "Greška pri spremanju narudžbe u CRM-u",
            "Mobitel ne sinkronizira e-poštu",
            "Licenca za softver je istekla",
        ],
        sentences: &[
            "Od jučer pisač javlja da se zaglavio papir, iako je ladica prazna.",
            "Već sam dva puta ponovno pokrenuo računalo, ali problem i dalje postoji.",
            "VPN klijent javlja da je veza istekla nakon unosa lozinke.",
            "Nekoliko kolega iz našeg odjela ima isti problem.",
            "Trebam pristup mapi projekta na zajedničkom disku do petka.",
            "Poruka o grešci glasi: pristup odbijen, obratite se administratoru.",
            "Lozinka mi je istekla, a poveznica za resetiranje u e-poruci ne radi.",
            "Računalo se jako grije, a ventilator je glasan čak i kad ništa ne radi.",
            "Na računu za ožujak navedeno je dvanaest licenci, a koristimo samo osam.",
            "Bežična mreža se prekida svakih nekoliko minuta, osobito tijekom video poziva.",
            "Molim pripremite korisnički račun, računalo i telefon za novu kolegicu koja počinje u ponedjeljak.",
            "Stranica se učitava dulje od trideset sekundi i ponekad prikazuje grešku.",
            "Kada kliknem spremi, narudžba nestane i ništa se ne spremi.",
            "Hitno je jer kupci čekaju isporuke.",
            "U privitku šaljem snimku zaslona s greškom.",
        ],
        replies: &[
            "Hvala na poruci. Provjeravamo problem i javit ćemo se još danas.",
            "Molimo pošaljite snimku zaslona s greškom i točno vrijeme kada se pojavila.",
            "Resetirali smo vašu lozinku; privremenu lozinku dobit ćete SMS-om.",
            "Upravljački program pisača ažuriran je na daljinu. Molimo pokušajte ponovno ispisati.",
            "Tehničar će sutra ujutro doći u vaš ured.",
            "Dodijelili smo vam pristup zajedničkoj mapi. Molimo odjavite se i ponovno prijavite.",
            "Problem je uzrokovao prekid mreže i sada je riješen.",
            "Možete li potvrditi da se problem više ne pojavljuje?",
        ],
        greetings: &["Poštovani,", "Dobar dan,", "Bok,", "Pozdrav,"],
        closings: &["Unaprijed hvala.", "Lijep pozdrav.", "S poštovanjem."],
        names: &[
            "Ivana Horvat",
            "Marko Kovačević",
            "Ana Babić",
            "Luka Marić",
            "Petra Jurić",
            "Ivan Novak",
            "Maja Knežević",
            "Josip Vuković",
        ],
    },
    Corpus {
        code: "ru",
        weight: 15,
        subjects: &[
            "Принтер на втором этаже не печатает",
            "Не могу подключиться к VPN из дома",
            "Сброс пароля в бухгалтерской системе",
            "Outlook постоянно запрашивает пароль",
            "Батарея ноутбука очень быстро разряжается",
            "Заявка на новый монитор",
            "Нет доступа к общему сетевому диску",
            "В счёте указана неверная сумма",
            "Wi-Fi в переговорной постоянно отключается",
            "Новый сотрудник: учётная запись и ноутбук",
            "Сайт с утра работает очень медленно",
            "Ошибка при сохранении заказа в CRM",
            "Телефон не синхронизирует почту",
            "Истекла лицензия на программу",
        ],
        sentences: &[
            "Со вчерашнего дня принтер сообщает о замятии бумаги, хотя лоток пустой.",
            "Я уже дважды перезагрузил компьютер, но проблема осталась.",
            "После ввода пароля VPN-клиент сообщает, что время ожидания подключения истекло.",
            "У нескольких коллег из нашего отдела такая же проблема.",
            "Мне нужен доступ к папке проекта на общем диске до пятницы.",
            "Сообщение об ошибке: доступ запрещён, обратитесь к администратору.",
            "Срок действия пароля истёк, а ссылка для сброса в письме не работает.",
            "Ноутбук сильно нагревается, и вентилятор шумит, даже когда ничего не запущено.",
            "В счёте за март указано двенадцать лицензий, а мы используем только восемь.",
            "Беспроводная сеть отключается каждые несколько минут, особенно во время видеозвонков.",
            "Подготовьте, пожалуйста, учётную запись, ноутбук и телефон для новой сотрудницы, которая выходит в понедельник.",
            "Страница загружается больше тридцати секунд и иногда выдаёт ошибку.",
            "После нажатия кнопки «Сохранить» заказ исчезает, и ничего не сохраняется.",
            "Это срочно, потому что клиенты ждут доставку.",
            "Прикладываю снимок экрана с ошибкой.",
        ],
        replies: &[
            "Спасибо за обращение. Мы разбираемся и ответим сегодня.",
            "Пришлите, пожалуйста, снимок экрана с ошибкой и точное время её появления.",
            "Мы сбросили ваш пароль; временный пароль придёт по SMS.",
            "Драйвер принтера обновлён удалённо. Попробуйте, пожалуйста, напечатать снова.",
            "Завтра утром к вам в офис придёт техник.",
            "Мы выдали доступ к общей папке. Пожалуйста, выйдите из системы и войдите снова.",
            "Проблема была вызвана сбоем сети и уже устранена.",
            "Подтвердите, пожалуйста, что проблема больше не возникает.",
        ],
        greetings: &["Здравствуйте!", "Добрый день!", "Коллеги, добрый день."],
        closings: &["Заранее спасибо.", "С уважением.", "Спасибо."],
        names: &[
            "Анна Смирнова",
            "Дмитрий Кузнецов",
            "Елена Попова",
            "Сергей Васильев",
            "Ольга Новикова",
            "Алексей Морозов",
            "Мария Волкова",
            "Иван Соколов",
        ],
    },
    Corpus {
        code: "el",
        weight: 10,
        subjects: &[
            "Ο εκτυπωτής στον δεύτερο όροφο δεν εκτυπώνει",
            "Δεν μπορώ να συνδεθώ στο VPN από το σπίτι",
            "Επαναφορά κωδικού για το λογιστικό σύστημα",
            "Το Outlook ζητά συνέχεια τον κωδικό μου",
            "Η μπαταρία του φορητού αδειάζει πολύ γρήγορα",
            "Αίτημα για νέα οθόνη",
            "Δεν έχω πρόσβαση στον κοινόχρηστο δίσκο",
            "Το τιμολόγιο έχει λάθος ποσό",
            "Το Wi-Fi στην αίθουσα συσκέψεων αποσυνδέεται συνεχώς",
            "Νέος υπάλληλος: λογαριασμός και φορητός υπολογιστής",
            "Η ιστοσελίδα είναι πολύ αργή από το πρωί",
            "Σφάλμα κατά την αποθήκευση παραγγελίας στο CRM",
            "Το κινητό δεν συγχρονίζει το email",
            "Η άδεια χρήσης του λογισμικού έληξε",
        ],
        sentences: &[
            "Από χθες ο εκτυπωτής δείχνει εμπλοκή χαρτιού, αν και η θήκη είναι άδεια.",
            "Έχω ήδη επανεκκινήσει τον υπολογιστή δύο φορές, αλλά το πρόβλημα παραμένει.",
            "Το πρόγραμμα VPN αναφέρει ότι έληξε ο χρόνος σύνδεσης μετά την εισαγωγή του κωδικού.",
            "Αρκετοί συνάδελφοι στο τμήμα μας έχουν το ίδιο πρόβλημα.",
            "Χρειάζομαι πρόσβαση στον φάκελο του έργου στον κοινόχρηστο δίσκο μέχρι την Παρασκευή.",
            "Το μήνυμα σφάλματος λέει: δεν επιτρέπεται η πρόσβαση, επικοινωνήστε με τον διαχειριστή.",
            "Ο κωδικός μου έληξε και ο σύνδεσμος επαναφοράς στο email δεν λειτουργεί.",
            "Ο φορητός ζεσταίνεται πολύ και ο ανεμιστήρας κάνει θόρυβο ακόμη και όταν δεν τρέχει τίποτα.",
            "Στο τιμολόγιο του Μαρτίου αναφέρονται δώδεκα άδειες, ενώ χρησιμοποιούμε μόνο οκτώ.",
            "Το ασύρματο δίκτυο αποσυνδέεται κάθε λίγα λεπτά, ειδικά στις βιντεοκλήσεις.",
            "Παρακαλώ ετοιμάστε λογαριασμό, φορητό και τηλέφωνο για τη νέα συνάδελφο που ξεκινά τη Δευτέρα.",
            "Η σελίδα χρειάζεται πάνω από τριάντα δευτερόλεπτα για να φορτώσει και μερικές φορές βγάζει σφάλμα.",
            "Όταν πατάω αποθήκευση, η παραγγελία εξαφανίζεται και δεν αποθηκεύεται τίποτα.",
            "Είναι επείγον γιατί οι πελάτες περιμένουν τις παραδόσεις τους.",
            "Επισυνάπτω στιγμιότυπο οθόνης με το σφάλμα.",
        ],
        replies: &[
            "Ευχαριστούμε για το μήνυμά σας. Το εξετάζουμε και θα σας απαντήσουμε σήμερα.",
            "Μπορείτε να μας στείλετε στιγμιότυπο οθόνης με το σφάλμα και την ακριβή ώρα που εμφανίστηκε;",
            "Επαναφέραμε τον κωδικό σας· θα λάβετε προσωρινό κωδικό με SMS.",
            "Ο οδηγός του εκτυπωτή ενημερώθηκε απομακρυσμένα. Δοκιμάστε ξανά να εκτυπώσετε.",
            "Ένας τεχνικός θα επισκεφθεί το γραφείο σας αύριο το πρωί.",
            "Σας δώσαμε πρόσβαση στον κοινόχρηστο φάκελο. Αποσυνδεθείτε και συνδεθείτε ξανά.",
            "Το πρόβλημα οφειλόταν σε διακοπή του δικτύου και έχει επιλυθεί.",
            "Μπορείτε να επιβεβαιώσετε ότι το πρόβλημα δεν εμφανίζεται πλέον;",
        ],
        greetings: &["Καλημέρα σας,", "Γεια σας,", "Αγαπητή υποστήριξη,"],
        closings: &["Ευχαριστώ εκ των προτέρων.", "Με εκτίμηση.", "Ευχαριστώ."],
        names: &[
            "Μαρία Παπαδοπούλου",
            "Γιώργος Παπαδόπουλος",
            "Ελένη Γεωργίου",
            "Νίκος Νικολάου",
            "Κατερίνα Οικονόμου",
            "Δημήτρης Αλεξίου",
            "Σοφία Βασιλείου",
            "Κώστας Ιωάννου",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn every_language_produces_text_and_is_weighted() {
        let mut rng = StdRng::seed_from_u64(7);
        assert_eq!(LANGUAGES.iter().map(|c| c.weight).sum::<u32>(), 100);
        for corpus in &LANGUAGES {
            assert_eq!(corpus.topics(), LANGUAGES[0].topics(), "{}", corpus.code);
            assert!(!corpus.subject(&mut rng).is_empty());
            assert!(corpus.description(&mut rng).len() > 40);
            assert!(!corpus.reply(&mut rng).is_empty());
            assert!(!corpus.person_name(&mut rng).is_empty());
        }
        let mut seen = std::collections::HashSet::new();
        for _ in 0..500 {
            seen.insert(pick_language(&mut rng).code);
        }
        assert_eq!(seen.len(), LANGUAGES.len());
    }
}
