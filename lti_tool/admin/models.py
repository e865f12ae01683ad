"""People who administer the tool itself (not LMS users), their signed-in sessions and the sign-in counters."""
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import utcnow
from ..extensions import db


class AdminUser(db.Model):
    __tablename__ = "admin_user"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(100), nullable=False, unique=True)
    password_hash = db.Column(db.String(255), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_login_at = db.Column(db.DateTime)

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)


class AdminSession(db.Model):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is stored here.

    Signing out deletes the row, so a copy of the cookie stops working at once; a new password deletes every row of
    that admin.
    """

    __tablename__ = "admin_session"

    id = db.Column(db.String(64), primary_key=True)  # hex SHA-256 of the token in the cookie
    admin_id = db.Column(db.Integer, db.ForeignKey("admin_user.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False)
    last_seen_at = db.Column(db.DateTime, nullable=False, index=True)


class LoginCounter(db.Model):
    """A sign-in counter (per address, per account, per account and address) when Redis is not used.

    Written only by single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statements (``throttle.py``), so
    concurrent attempts in several worker processes are all counted.
    """

    __tablename__ = "admin_login_counter"

    key = db.Column(db.String(255), primary_key=True)
    count = db.Column(db.Integer, nullable=False)
    last_at = db.Column(db.DateTime, nullable=False)  # this attempt
    prev_at = db.Column(db.DateTime)  # the one before it, within the window
    expires_at = db.Column(db.DateTime, nullable=False, index=True)
