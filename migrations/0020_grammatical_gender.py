"""Each account's grammatical gender, which Latvian role titles and participles agree with.

Existing accounts get a first guess from the first name's ending (Latvian feminine first names
end in -a or -e); the administrator corrects any account on its page. The rule is frozen here,
not imported, as a migration must not change when the app does.
"""

from peewee import CharField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        display_name = CharField(max_length=120)
        grammatical_gender = CharField(max_length=1, default="m")

        class Meta:
            table_name = "user"

    gender = CharField(max_length=1, default="m")
    migrator.add_column("user", "grammatical_gender", gender).run()

    feminine = []
    for user_id, display_name in User.select(User.id, User.display_name).tuples():
        first = (display_name or "").strip().split(" ")[0].lower()
        if first.endswith(("a", "e")):
            feminine.append(user_id)
    if feminine:
        User.update(grammatical_gender="f").where(User.id.in_(feminine)).execute()
