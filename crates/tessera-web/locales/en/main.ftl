# Tessera web UI — English (the reference: every other language has exactly these keys).

## Layout and navigation
skip-to-content = Skip to content
nav-menu = Menu
nav-main = Main
nav-tickets = Tickets
nav-admin = Administration
nav-settings = Settings
user-menu = Your account
sign-out = Sign out
search-label = Search
search-placeholder = Search tickets or #number
search-title = Search
search-results = { $count ->
    [one] { $count } ticket found
   *[other] { $count } tickets found
}
new-ticket = New ticket
go-back = Go back
close = Close
save = Save
cancel = Cancel
refresh = Refresh
actions = Actions
yes = Yes
no = No
details = Details
conversation = Conversation

## Sign in and sign up
sign-in = Sign in
sign-in-title = Sign in to the workspace
sign-up = Create account
sign-up-title = Create your account
portal-sign-in-title = Sign in to the help center
portal-link = Customer? Go to the help center
portal-no-account = No account yet?
portal-have-account = Already have an account?
login-failed = Wrong email or password.
login-locked = { $count ->
    [one] Too many failed sign-ins. Try again in { $count } minute.
   *[other] Too many failed sign-ins. Try again in { $count } minutes.
}
password-hint = At least 8 characters.
signup-password-mismatch = The two passwords are not the same.
signup-email-taken = An account with this email address already exists. Sign in instead.

## Errors
error-forbidden = Not allowed
error-forbidden-text = Your role does not allow this.
error-not-found = Not found
error-not-found-text = This page does not exist, or you may not see it.
error-csrf = Form expired
error-csrf-text = This form was not sent from a current page of yours. Reload the page and try again.
error-invalid = That did not work
error-unavailable = Temporarily unavailable
error-unavailable-text = The database is not answering. Try again in a moment.
error-internal = Something went wrong
error-internal-text = An unexpected error happened; it has been logged.

## Views and lists
views-title = Views
view-mine = My open tickets
view-unassigned = Unassigned
view-group = Group: { $name }
view-open = All open
view-recent = Recently updated
tickets-count = { $count ->
    [one] { $count } ticket
   *[other] { $count } tickets
}
list-empty = No tickets here. Nice work!
list-updated = New activity in this view.
bulk-label = Actions on selected tickets
bulk-set-status = Set status
bulk-set-priority = Set priority
bulk-add-tag = Add tag
bulk-invalid = Choose tickets and an action.
bulk-failed = { $count ->
    [one] { $count } ticket could not be changed.
   *[other] { $count } tickets could not be changed.
}
assign-to-me = Assign to me
select = Select
select-all = Select all
tag-placeholder = tag
tags-placeholder = billing, vpn
pager = Pages
page-first = First page
page-next = Next page
unassigned = Unassigned

## Fields
field-subject = Subject
field-description = Description
field-requester = Requester
field-requester-email = Requester email
field-requester-name = Requester name
field-requester_id = Requester
field-status = Status
field-type = Type
field-impact = Impact
field-urgency = Urgency
field-priority = Priority
field-category = Category
field-tags = Tags
field-assignee_id = Assignee
field-group_id = Group
field-tier = Tier
field-language = Language
field-channel = Channel
field-created = Created
field-updated = Updated
field-follow_up = Follow-up
field-follow_up_of = Follow-up of
field-name = Name
field-email = Email
field-password = Password
field-password-again = Password again
field-current_password = Current password
field-new_password = New password
field-time_zone = Time zone
field-role = Role
field-domains = Email domains
field-shares_tickets = Members see each other's tickets

## Values
status-new = New
status-open = Open
status-pending = Pending
status-on_hold = On hold
status-solved = Solved
status-closed = Closed
priority-urgent = Urgent
priority-high = High
priority-normal = Normal
priority-low = Low
priority-auto = Automatic (impact × urgency)
type-incident = Incident
type-service_request = Service request
type-question = Question
type-problem = Problem
type-change = Change
channel-api = API
channel-email = Email
channel-portal = Help center
channel-chat = Chat
channel-phone = Phone
channel-monitoring = Monitoring
channel-web = Agent workspace
impact-1 = 1 – Extensive
impact-2 = 2 – Significant
impact-3 = 3 – Moderate
impact-4 = 4 – Minor
urgency-1 = 1 – Critical
urgency-2 = 2 – High
urgency-3 = 3 – Medium
urgency-4 = 4 – Low
role-admin = Administrator
role-supervisor = Supervisor
role-agent = Agent
role-light_agent = Light agent
role-customer = Customer

## Ticket page
ticket-title = #{ $number } { $subject }
other-tickets = Other tickets
timeline-request = Request
timeline-reply = Reply
timeline-note = Internal note
author-support = Support team
actor-system = System
event-created = { $who } created the ticket via { $channel }
event-changed = { $who } changed { $field }: { $from } → { $to }
composer-kind = Kind of message
composer-reply = Public reply
composer-note = Internal note
composer-body = Message
composer-placeholder = Write your reply…
composer-note-hint = Internal notes are only visible to your team.
composer-markdown = Formatting: **bold**, *italic*, `code`, - lists, > quotes, links
composer-attach = Attach files
composer-status = Status after sending
composer-keep-status = Keep status
composer-send-as = Send as { $status }
composer-send = Send
presence-viewing = { $count ->
    [one] { $names } is also viewing
   *[other] { $names } are also viewing
}
presence-typing = { $count ->
    [one] { $names } is typing…
   *[other] { $names } are typing…
}

## New ticket
new-channel-web = Ticket
new-channel-phone = Log a phone call
create-ticket = Create ticket

## Keyboard shortcuts
shortcuts-title = Keyboard shortcuts
shortcut-next-prev = Next / previous ticket in a list
shortcut-open = Open the selected ticket
shortcut-reply = Reply
shortcut-note = Internal note
shortcut-assign = Assign to me
shortcut-solve = Solve
shortcut-search = Search
shortcut-help = Show this help

## Settings
settings-profile = Profile
settings-password = Password
settings-change-password = Change password
settings-saved = Saved.
language-auto = Browser language

## Customer portal
portal-name = Help center
portal-my-requests = My requests
portal-new-request = New request
portal-empty = You have no requests yet.
portal-describe = How can we help?
portal-submit = Submit request
portal-reply = Your reply
portal-follow-up = This request is closed. Your message will open a follow-up request.
portal-mark-solved = My problem is solved

## Administration
admin-users = Users
admin-groups = Groups
admin-organizations = Organizations
admin-tokens = API tokens
admin-find-user = Find by name or email
admin-new-user = New user
admin-new-group = New group
admin-new-organization = New organization
admin-members = Members
admin-create = Create
user-active = Active
user-inactive = Deactivated
user-activate = Activate
user-deactivate = Deactivate
token-new = New API token
token-owner = Owner
token-prefix = Starts with
token-last-used = Last used
token-revoke = Revoke
token-revoked = Revoked
token-shown-once = Copy this token now. It will not be shown again.

## Saved views
views-saved = Saved views
view-save = Save view
view-name = View name
view-columns = Columns
view-shared = Share with all agents
view-shared-badge = shared
view-rename = Rename view
view-delete = Delete view
view-invalid = This list cannot be saved as a view.
column-number = Number
column-subject = Subject
column-requester = Requester
column-status = Status
column-priority = Priority
column-assignee = Assignee
column-updated = Updated

## Instance settings
admin-settings = Settings
field-instance_name = Instance name
field-default_language = Default language
field-default_time_zone = Default time zone
admin-settings-help = The language and time zone apply to people who have not chosen their own.
