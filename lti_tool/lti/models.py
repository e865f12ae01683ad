"""What the tool knows about platforms, its own keys, and the people and places launches come from."""
from ..clock import utcnow
from ..extensions import db


class Platform(db.Model):
    """One registration of the tool in an LMS: an issuer and a client id."""

    __tablename__ = "platform"
    __table_args__ = (db.UniqueConstraint("issuer", "client_id"),)

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False, default="")
    issuer = db.Column(db.String(500), nullable=False, index=True)
    client_id = db.Column(db.String(255), nullable=False)
    auth_login_url = db.Column(db.String(1000), nullable=False)
    auth_token_url = db.Column(db.String(1000), nullable=False)
    auth_audience = db.Column(db.String(1000))
    key_set_url = db.Column(db.String(1000), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    registered_via = db.Column(db.String(20), nullable=False, default="manual")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    deployments = db.relationship(
        "Deployment", back_populates="platform", cascade="all, delete-orphan", order_by="Deployment.id"
    )

    def __repr__(self):
        return f"<Platform {self.issuer} {self.client_id}>"


class Deployment(db.Model):
    """A deployment id of a platform. Unknown ones are recorded inactive until an admin approves them."""

    __tablename__ = "deployment"
    __table_args__ = (db.UniqueConstraint("platform_id", "deployment_id"),)

    id = db.Column(db.Integer, primary_key=True)
    platform_id = db.Column(db.Integer, db.ForeignKey("platform.id", ondelete="CASCADE"), nullable=False)
    deployment_id = db.Column(db.String(255), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    first_seen_at = db.Column(db.DateTime)  # set when a launch revealed it (pending approval)

    platform = db.relationship("Platform", back_populates="deployments")


class ToolKey(db.Model):
    """The tool's RSA signing keys.

    The newest key that is not retired signs; retired keys stay published for a grace period.
    """

    __tablename__ = "tool_key"

    id = db.Column(db.Integer, primary_key=True)
    kid = db.Column(db.String(100), nullable=False, unique=True)
    private_pem = db.Column(db.Text, nullable=False)
    public_jwk = db.Column(db.JSON, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    retired_at = db.Column(db.DateTime)
    published_until = db.Column(db.DateTime)


class RegistrationToken(db.Model):
    """A one-time token that lets a platform start dynamic registration. Only its hash is stored."""

    __tablename__ = "registration_token"

    id = db.Column(db.Integer, primary_key=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    used_at = db.Column(db.DateTime)
    created_by = db.Column(db.String(100), nullable=False, default="")


class LtiUser(db.Model):
    __tablename__ = "lti_user"
    __table_args__ = (db.UniqueConstraint("issuer", "sub"),)

    id = db.Column(db.Integer, primary_key=True)
    issuer = db.Column(db.String(500), nullable=False)
    sub = db.Column(db.String(255), nullable=False)
    name = db.Column(db.String(255), nullable=False, default="")
    email = db.Column(db.String(255), nullable=False, default="")
    locale = db.Column(db.String(20), nullable=False, default="")
    # The civil servant's NIP (lis.person_sourcedid, Moodle's ID number, or the custom parameter LATIH_NIP_PARAM)
    # and unit of work (custom parameter LATIH_UNIT_PARAM, or imported); "" when the platform never sent them.
    nip = db.Column(db.String(50), nullable=False, default="", index=True)
    unit = db.Column(db.String(255), nullable=False, default="", index=True)
    # Rank/grade (pangkat/golongan) and position (jabatan) when the platform sends them (custom parameters
    # LATIH_RANK_PARAM, LATIH_POSITION_PARAM): printed on certificates.
    rank = db.Column(db.String(255), nullable=False, default="")
    position = db.Column(db.String(255), nullable=False, default="")
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class Course(db.Model):
    __tablename__ = "course"
    __table_args__ = (db.UniqueConstraint("issuer", "deployment_id", "context_id"),)

    id = db.Column(db.Integer, primary_key=True)
    issuer = db.Column(db.String(500), nullable=False)
    deployment_id = db.Column(db.String(255), nullable=False)
    context_id = db.Column(db.String(255), nullable=False)
    label = db.Column(db.String(255), nullable=False, default="")
    title = db.Column(db.String(500), nullable=False, default="")
    # The registration the latest launch came through (for service calls), and the course's NRPS URL.
    platform_id = db.Column(db.Integer, db.ForeignKey("platform.id", ondelete="SET NULL"))
    nrps_url = db.Column(db.String(1000))
    ags_lineitems = db.Column(db.String(1000))
    ags_scopes = db.Column(db.JSON)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    platform = db.relationship("Platform")


class ResourceLink(db.Model):
    __tablename__ = "resource_link"
    __table_args__ = (db.UniqueConstraint("issuer", "resource_link_id"),)

    id = db.Column(db.Integer, primary_key=True)
    issuer = db.Column(db.String(500), nullable=False)
    resource_link_id = db.Column(db.String(255), nullable=False)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False)
    title = db.Column(db.String(500), nullable=False, default="")
    # The activity this link shows: set by deep linking (custom parameter) or by the instructor on first launch.
    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="SET NULL"), index=True)
    ags_lineitem = db.Column(db.String(1000))  # from the launch's AGS claim, when the link has one grade item
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    course = db.relationship("Course")
    activity = db.relationship("Activity")
