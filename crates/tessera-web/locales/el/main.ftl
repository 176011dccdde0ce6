# Tessera web UI — ελληνικά.

## Layout and navigation
skip-to-content = Μετάβαση στο περιεχόμενο
nav-menu = Μενού
nav-main = Κύρια πλοήγηση
nav-tickets = Αιτήματα
nav-admin = Διαχείριση
nav-settings = Ρυθμίσεις
user-menu = Ο λογαριασμός σας
sign-out = Αποσύνδεση
search-label = Αναζήτηση
search-placeholder = Αναζήτηση αιτημάτων ή #αριθμού
search-title = Αναζήτηση
search-results = { $count ->
    [one] Βρέθηκε { $count } αίτημα
   *[other] Βρέθηκαν { $count } αιτήματα
}
new-ticket = Νέο αίτημα
go-back = Επιστροφή
close = Κλείσιμο
save = Αποθήκευση
cancel = Ακύρωση
refresh = Ανανέωση
actions = Ενέργειες
yes = Ναι
no = Όχι
details = Στοιχεία
conversation = Συνομιλία

## Sign in and sign up
sign-in = Σύνδεση
sign-in-title = Σύνδεση στον χώρο εργασίας
sign-up = Δημιουργία λογαριασμού
sign-up-title = Δημιουργήστε λογαριασμό
portal-sign-in-title = Σύνδεση στο κέντρο υποστήριξης
portal-link = Είστε πελάτης; Μεταβείτε στο κέντρο υποστήριξης
portal-no-account = Δεν έχετε λογαριασμό;
portal-have-account = Έχετε ήδη λογαριασμό;
login-failed = Λάθος email ή κωδικός πρόσβασης.
login-locked = { $count ->
    [one] Πάρα πολλές αποτυχημένες συνδέσεις. Δοκιμάστε ξανά σε { $count } λεπτό.
   *[other] Πάρα πολλές αποτυχημένες συνδέσεις. Δοκιμάστε ξανά σε { $count } λεπτά.
}
password-hint = Τουλάχιστον 8 χαρακτήρες.
signup-password-mismatch = Οι δύο κωδικοί δεν ταιριάζουν.
signup-email-taken = Υπάρχει ήδη λογαριασμός με αυτό το email. Συνδεθείτε.

## Errors
error-forbidden = Δεν επιτρέπεται
error-forbidden-text = Ο ρόλος σας δεν το επιτρέπει.
error-not-found = Δεν βρέθηκε
error-not-found-text = Η σελίδα δεν υπάρχει ή δεν έχετε πρόσβαση σε αυτήν.
error-csrf = Η φόρμα έληξε
error-csrf-text = Η φόρμα δεν στάλθηκε από τρέχουσα σελίδα σας. Ανανεώστε τη σελίδα και δοκιμάστε ξανά.
error-invalid = Δεν ήταν δυνατό
error-unavailable = Προσωρινά μη διαθέσιμο
error-unavailable-text = Η βάση δεδομένων δεν απαντά. Δοκιμάστε ξανά σε λίγο.
error-internal = Κάτι πήγε στραβά
error-internal-text = Παρουσιάστηκε απροσδόκητο σφάλμα· έχει καταγραφεί.

## Views and lists
views-title = Προβολές
view-mine = Τα ανοιχτά μου
view-unassigned = Χωρίς ανάθεση
view-group = Ομάδα: { $name }
view-open = Όλα τα ανοιχτά
view-recent = Πρόσφατα ενημερωμένα
tickets-count = { $count ->
    [one] { $count } αίτημα
   *[other] { $count } αιτήματα
}
list-empty = Κανένα αίτημα εδώ. Μπράβο!
list-updated = Υπάρχει νέα δραστηριότητα σε αυτή την προβολή.
bulk-label = Ενέργειες για τα επιλεγμένα αιτήματα
bulk-set-status = Ορισμός κατάστασης
bulk-set-priority = Ορισμός προτεραιότητας
bulk-add-tag = Προσθήκη ετικέτας
bulk-invalid = Επιλέξτε αιτήματα και ενέργεια.
bulk-failed = { $count ->
    [one] { $count } αίτημα δεν ήταν δυνατό να αλλάξει.
   *[other] { $count } αιτήματα δεν ήταν δυνατό να αλλάξουν.
}
assign-to-me = Ανάθεση σε εμένα
select = Επιλογή
select-all = Επιλογή όλων
tag-placeholder = ετικέτα
tags-placeholder = χρεώσεις, vpn
pager = Σελίδες
page-first = Πρώτη σελίδα
page-next = Επόμενη σελίδα
unassigned = Χωρίς ανάθεση

## Fields
field-subject = Θέμα
field-description = Περιγραφή
field-requester = Αιτών
field-requester-email = Email αιτούντος
field-requester-name = Όνομα αιτούντος
field-requester_id = Αιτών
field-status = Κατάσταση
field-type = Τύπος
field-impact = Επίπτωση
field-urgency = Επείγον
field-priority = Προτεραιότητα
field-category = Κατηγορία
field-tags = Ετικέτες
field-assignee_id = Ανατέθηκε σε
field-group_id = Ομάδα
field-tier = Επίπεδο υποστήριξης
field-language = Γλώσσα
field-channel = Κανάλι
field-created = Δημιουργήθηκε
field-updated = Ενημερώθηκε
field-follow_up = Συνέχεια
field-follow_up_of = Συνέχεια του αιτήματος
field-name = Όνομα
field-email = Email
field-password = Κωδικός πρόσβασης
field-password-again = Επανάληψη κωδικού
field-current_password = Τρέχων κωδικός
field-new_password = Νέος κωδικός
field-time_zone = Ζώνη ώρας
field-role = Ρόλος
field-domains = Τομείς email
field-shares_tickets = Τα μέλη βλέπουν τα αιτήματα των άλλων

## Values
status-new = Νέο
status-open = Ανοιχτό
status-pending = Σε αναμονή
status-on_hold = Σε παύση
status-solved = Επιλύθηκε
status-closed = Κλειστό
priority-urgent = Επείγουσα
priority-high = Υψηλή
priority-normal = Κανονική
priority-low = Χαμηλή
priority-auto = Αυτόματη (επίπτωση × επείγον)
type-incident = Συμβάν
type-service_request = Αίτημα υπηρεσίας
type-question = Ερώτηση
type-problem = Πρόβλημα
type-change = Αλλαγή
channel-api = API
channel-email = Email
channel-portal = Κέντρο υποστήριξης
channel-chat = Συνομιλία
channel-phone = Τηλέφωνο
channel-monitoring = Παρακολούθηση
channel-web = Χώρος εργασίας
impact-1 = 1 – Εκτεταμένη
impact-2 = 2 – Σημαντική
impact-3 = 3 – Μέτρια
impact-4 = 4 – Μικρή
urgency-1 = 1 – Κρίσιμο
urgency-2 = 2 – Υψηλό
urgency-3 = 3 – Μεσαίο
urgency-4 = 4 – Χαμηλό
role-admin = Διαχειριστής
role-supervisor = Επόπτης
role-agent = Εκπρόσωπος
role-light_agent = Βοηθός εκπροσώπου
role-customer = Πελάτης

## Ticket page
ticket-title = #{ $number } { $subject }
other-tickets = Άλλα αιτήματα
timeline-request = Αίτημα
timeline-reply = Απάντηση
timeline-note = Εσωτερική σημείωση
author-support = Ομάδα υποστήριξης
actor-system = Σύστημα
event-created = { $who }: δημιουργία αιτήματος μέσω { $channel }
event-changed = { $who }: αλλαγή πεδίου «{ $field }»: { $from } → { $to }
composer-kind = Είδος μηνύματος
composer-reply = Δημόσια απάντηση
composer-note = Εσωτερική σημείωση
composer-body = Μήνυμα
composer-placeholder = Γράψτε την απάντησή σας…
composer-note-hint = Οι εσωτερικές σημειώσεις είναι ορατές μόνο στην ομάδα σας.
composer-markdown = Μορφοποίηση: **έντονα**, *πλάγια*, `κώδικας`, - λίστες, > παραθέσεις, σύνδεσμοι
composer-attach = Επισύναψη αρχείων
composer-status = Κατάσταση μετά την αποστολή
composer-keep-status = Χωρίς αλλαγή κατάστασης
composer-send-as = Αποστολή ως «{ $status }»
composer-send = Αποστολή
presence-viewing = { $count ->
    [one] { $names } βλέπει επίσης αυτό το αίτημα
   *[other] { $names } βλέπουν επίσης αυτό το αίτημα
}
presence-typing = { $count ->
    [one] { $names } πληκτρολογεί…
   *[other] { $names } πληκτρολογούν…
}

## New ticket
new-channel-web = Αίτημα
new-channel-phone = Καταγραφή τηλεφωνικής κλήσης
create-ticket = Δημιουργία αιτήματος

## Keyboard shortcuts
shortcuts-title = Συντομεύσεις πληκτρολογίου
shortcut-next-prev = Επόμενο / προηγούμενο αίτημα στη λίστα
shortcut-open = Άνοιγμα του επιλεγμένου αιτήματος
shortcut-reply = Απάντηση
shortcut-note = Εσωτερική σημείωση
shortcut-assign = Ανάθεση σε εμένα
shortcut-solve = Επίλυση
shortcut-search = Αναζήτηση
shortcut-help = Εμφάνιση αυτής της βοήθειας

## Settings
settings-profile = Προφίλ
settings-password = Κωδικός πρόσβασης
settings-change-password = Αλλαγή κωδικού
settings-saved = Αποθηκεύτηκε.
language-auto = Γλώσσα προγράμματος περιήγησης

## Customer portal
portal-name = Κέντρο υποστήριξης
portal-my-requests = Τα αιτήματά μου
portal-new-request = Νέο αίτημα
portal-empty = Δεν έχετε ακόμη αιτήματα.
portal-describe = Πώς μπορούμε να βοηθήσουμε;
portal-submit = Υποβολή αιτήματος
portal-reply = Η απάντησή σας
portal-follow-up = Αυτό το αίτημα έχει κλείσει. Το μήνυμά σας θα ανοίξει νέο, συνδεδεμένο αίτημα.
portal-mark-solved = Το πρόβλημά μου λύθηκε

## Administration
admin-users = Χρήστες
admin-groups = Ομάδες
admin-organizations = Οργανισμοί
admin-tokens = Διακριτικά API
admin-find-user = Αναζήτηση με όνομα ή email
admin-new-user = Νέος χρήστης
admin-new-group = Νέα ομάδα
admin-new-organization = Νέος οργανισμός
admin-members = Μέλη
admin-create = Δημιουργία
user-active = Ενεργός
user-inactive = Απενεργοποιημένος
user-activate = Ενεργοποίηση
user-deactivate = Απενεργοποίηση
token-new = Νέο διακριτικό API
token-owner = Κάτοχος
token-prefix = Αρχίζει με
token-last-used = Τελευταία χρήση
token-revoke = Ανάκληση
token-revoked = Ανακλήθηκε
token-shown-once = Αντιγράψτε το διακριτικό τώρα. Δεν θα εμφανιστεί ξανά.

## Saved views
views-saved = Αποθηκευμένες προβολές
view-save = Αποθήκευση προβολής
view-name = Όνομα προβολής
view-columns = Στήλες
view-shared = Κοινή χρήση με όλους τους πράκτορες
view-shared-badge = κοινή
view-rename = Μετονομασία προβολής
view-delete = Διαγραφή προβολής
view-invalid = Αυτή η λίστα δεν μπορεί να αποθηκευτεί ως προβολή.
column-number = Αριθμός
column-subject = Θέμα
column-requester = Αιτών
column-status = Κατάσταση
column-priority = Προτεραιότητα
column-assignee = Ανάθεση
column-updated = Ενημέρωση

## Instance settings
admin-settings = Ρυθμίσεις
field-instance_name = Όνομα εγκατάστασης
field-default_language = Προεπιλεγμένη γλώσσα
field-default_time_zone = Προεπιλεγμένη ζώνη ώρας
admin-settings-help = Η γλώσσα και η ζώνη ώρας ισχύουν για όσους δεν έχουν επιλέξει δικές τους.
