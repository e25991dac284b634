"""Ground truth for the trove-18 dialect: what Trove 18.0.0's OWN code puts on the wire.

usage: trove18_harness.py RABBIT_URL EXCHANGE TOPIC > ground-truth.json

Runs with Debian's /usr/bin/python3 (python3-trove 18, python3-oslo.messaging 14).
Every notification goes through Trove's own classes (trove/common/notification.py)
and Trove's own notifier (trove.rpc: oslo.messaging's Notifier with Trove's
context serializer, the messagingv2 driver and the real rabbit driver) to the
RabbitMQ at RABBIT_URL, on a private exchange (control_exchange) and topic;
then the harness reads the queue back and prints, for every case, the messages
exactly as they arrived (routing key, AMQP properties, body, decoded message).

What is real and what stands in:
- real: the DBaaS* notification classes, StartNotification / EndNotification /
  NotificationCastWrapper, SerializableNotification, TroveContext built by
  Trove's ContextMiddleware from a webob request (headers as keystonemiddleware
  sets them), the RPC hop of the context (TroveRequestContextSerializer, JSON),
  the conductor's Manager.notify_end / notify_exc_info for guest work, the
  TroveInstanceCreate/ModifyFlavor/Delete classes, the taskmanager Manager's
  periodic tasks (publish_exists_event, publish_quota_notifications), the
  exists transformers and DBaaSQuotas.
- stand-ins: the work itself (nova, cinder, the database) — each case raises
  or returns where the controller / taskmanager / guest would, following the
  call structure of the Trove code cited beside it; data objects (instance,
  flavor, server, quota rows) carry the attributes the notification code reads.
"""
import copy
import datetime
import json
import sys
import traceback
import urllib.parse

from oslo_config import cfg as oslo_cfg  # noqa: F401 (registers nothing; CONF comes from trove)

URL, EXCHANGE, TOPIC = sys.argv[1], sys.argv[2], sys.argv[3]

from trove.common import cfg  # noqa: E402

CONF = cfg.CONF
CONF([], project='trove', default_config_files=[])

import oslo_messaging  # noqa: E402
from oslo_messaging.notify import notifier as oslo_notifier  # noqa: E402

from oslo_messaging import transport as oslo_transport  # noqa: E402

CONF.register_opts(oslo_transport._transport_opts)
CONF.register_opts(oslo_notifier._notifier_opts, group='oslo_messaging_notifications')
HOST_DEFAULT = CONF.host  # an IPOpt: Trove refuses a host name
HOST = '10.0.0.1'
CONF.set_override('host', HOST)
CONF.set_override('transport_url', URL)
CONF.set_override('control_exchange', EXCHANGE)
CONF.set_override('driver', ['messagingv2'], group='oslo_messaging_notifications')
CONF.set_override('topics', [TOPIC], group='oslo_messaging_notifications')
# The periodic tasks exist only when these are set (taskmanager/manager.py reads
# them when the Manager class is defined), so set them before importing it.
CONF.set_override('exists_notification_transformer',
                  'trove.extensions.mgmt.instances.models.NovaNotificationTransformer')
CONF.set_override('quota_notification_interval', 3600)

from trove import rpc  # noqa: E402

rpc.init(CONF)

from trove.common import exception  # noqa: E402
from trove.common import notification as n  # noqa: E402
from trove.common import wsgi as twsgi  # noqa: E402
from trove.common.context import TroveContext  # noqa: E402
from trove.common.db.mysql import models as guest_models  # noqa: E402
from trove.common.rpc import serializer as sz  # noqa: E402
from trove.conductor import api as conductor_api  # noqa: E402
from trove.conductor import manager as conductor_manager  # noqa: E402

TENANT = 'f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d'
USER = 'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d'
IID = '0b4c9a55-5f45-4a63-9d6c-6f1c5c0d7c11'
IID2 = '7d1f3b2e-2a40-4c55-8e71-3c2b9d4e5f60'
CID = '3e2f6a1b-1c4d-4e5f-9a8b-7c6d5e4f3a21'
CFG = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a'
BID = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d'
DSV = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'
SERVER = 'c0ffee00-1111-4222-8333-444455556666'
VOLUME = 'd00dfeed-aaaa-4bbb-8ccc-ddddeeeeffff'
NET = 'e1e2e3e4-f5f6-4a7b-8c9d-0a1b2c3d4e5f'
CREATED = datetime.datetime(2026, 11, 24, 9, 0, 5)

# --- what each case sent: message ids recorded as the driver is handed them ---
SENT = []  # (case key, message_id)
CURRENT = {'case': None}
_v2_notify = oslo_messaging.notify.messaging.MessagingV2Driver.notify


def _recording_notify(self, ctxt, message, priority, retry):
    SENT.append((CURRENT['case'], message['message_id']))
    return _v2_notify(self, ctxt, message, priority, retry)


oslo_messaging.notify.messaging.MessagingV2Driver.notify = _recording_notify


# --- the API request and its context, as Trove's ContextMiddleware builds them ---
def api_request(path='/v1.0/%s/instances' % TENANT):
    req = twsgi.Request.blank(path, method='POST', headers={
        'X-Auth-Token': 'gAAAAAB-secret-token',
        'X-Tenant-Id': TENANT,
        'X-User-ID': USER,
        'X-Role': 'member,reader',
        'Host': '10.0.0.1:8779',
    }, environ={'REMOTE_ADDR': '10.0.0.5', 'REMOTE_PORT': '51234'})
    twsgi.ContextMiddleware(None).process_request(req)
    return req.environ[twsgi.CONTEXT_KEY], req


# --- the RPC hop: what a cast carries, and what the other side rebuilds ---
RPC_SERIALIZER = sz.TroveRequestContextSerializer(None)


def rpc_hop(ctxt):
    """The context as the receiving service gets it (to_dict, JSON, from_dict)."""
    wire = json.loads(json.dumps(RPC_SERIALIZER.serialize_context(ctxt), default=str))
    return RPC_SERIALIZER.deserialize_context(wire)


def cast(ctxt, server_type):
    """What trove/taskmanager/api.py and trove/guestagent/api.py `_cast` do around the cast."""
    with n.NotificationCastWrapper(ctxt, server_type):
        return rpc_hop(ctxt)


class ConductorClient(object):
    """Stands in for the RPC client of trove/conductor/api.py: delivers the cast to the real conductor Manager."""

    def __init__(self, *args, **kwargs):
        pass

    def prepare(self, **kwargs):
        return self

    def cast(self, ctxt, method, **kwargs):
        received = rpc_hop(ctxt)
        kwargs = json.loads(json.dumps(kwargs, default=str))
        getattr(conductor_manager.Manager(), method)(received, **kwargs)


conductor_api.API.get_client = lambda self, target, version_cap, serializer=None: ConductorClient()


def guest(ctxt, guest_id, error=None, **end):
    """A guest agent method wrapped in EndNotification (guestagent/datastore/manager.py): ends via the conductor."""
    CONF.set_override('guest_id', guest_id)
    try:
        with n.EndNotification(ctxt, **end):
            if error:
                raise error
    except Exception:
        pass


def taskmanager(ctxt, error=None, body=None, **end):
    """A taskmanager Manager method wrapped in EndNotification (taskmanager/manager.py)."""
    try:
        with n.EndNotification(ctxt, **end):
            if body:
                body(ctxt)
            if error:
                raise error
    except Exception:
        pass


def unprocessable(what='Instance %s' % IID):
    return exception.UnprocessableEntity(
        '%s is not currently available for an action to be performed (task status was BUILDING).' % what)


def no_host():
    return exception.TroveError('No valid host was found. There are not enough hosts available.')


# --- the 38 operations: the class the API handler uses, its .start kwargs, and how the work ends ---
# flow: 'api' (the API handler finishes: the StartNotification block ends it),
#       'tm' (cast to the taskmanager, whose Manager method ends it in EndNotification),
#       'guest' (cast to the guest agent, which ends it through the conductor),
#       'tm-guest' (taskmanager, then a cast to the guest, which ends it),
#       special flows below for the handlers that nest notifications.
def create_call_args():
    # trove/instance/models.py Instance.create: call_args (+ volume_* with volume
    # support, + nics when given); trove/instance/service.py passes region_name.
    return {'name': 'db1', 'flavor_id': '2', 'datastore': 'mysql', 'datastore_version': '8.0',
            'image_id': 'a9b8c7d6-e5f4-4321-9876-543210fedcba', 'availability_zone': 'nova',
            'region_name': 'RegionOne', 'locality': None, 'volume_type': None, 'volume_size': 2,
            'nics': [{'network_id': NET}]}


OPS = [
    ('instance_create', n.DBaaSInstanceCreate, create_call_args, 'tm-guest', {'tm': {'instance_id': IID}, 'guest': {'instance_id': IID}, 'status': 'create'}),
    # taskmanager/models.py reboot: every failure is logged and the task reset, so the Manager's EndNotification ends it.
    ('instance_reboot', n.DBaaSInstanceReboot, lambda: {'instance_id': IID}, 'tm-catches', {}),
    ('instance_restart', n.DBaaSInstanceRestart, lambda: {'instance_id': IID}, 'tm', {}),
    ('instance_resize_volume', n.DBaaSInstanceResizeVolume, lambda: {'instance_id': IID, 'new_size': 4}, 'tm', {}),
    ('instance_resize_instance', n.DBaaSInstanceResizeInstance, lambda: {'instance_id': IID, 'new_flavor_id': '3'}, 'tm', {'status': 'modify_flavor'}),
    # instance/service.py: _action_promote_to_replica_source uses DBaaSInstanceEject and
    # _action_eject_replica_source uses DBaaSInstancePromote.
    ('instance_promote', n.DBaaSInstanceEject, lambda: {'instance_id': IID}, 'tm', {}),
    ('instance_eject', n.DBaaSInstancePromote, lambda: {'instance_id': IID}, 'tm', {}),
    ('instance_delete', n.DBaaSInstanceDelete, lambda: {'instance_id': IID}, 'tm', {'status': 'delete'}),
    ('instance_reset_status', n.DBaaSInstanceResetStatus, lambda: {'instance_id': IID}, 'api', {}),
    ('instance_detach', n.DBaaSInstanceDetach, lambda: {'instance_id': IID}, 'tm', {}),
    ('instance_attach_configuration', n.DBaaSInstanceAttachConfiguration, lambda: {'instance_id': IID, 'configuration_id': CFG}, 'api', {}),
    ('instance_detach_configuration', n.DBaaSInstanceDetachConfiguration, lambda: {'instance_id': IID}, 'api', {}),
    ('upgrade', n.DBaaSInstanceUpgrade, lambda: {'instance_id': IID, 'datastore_version_id': DSV}, 'tm-guest-noend', {}),
    ('migrate', n.DBaaSInstanceMigrate, lambda: {'host': 'compute-2'}, 'tm', {}),
    ('cluster_create', n.DBaaSClusterCreate, lambda: {'name': 'c1', 'datastore': 'mariadb', 'datastore_version': '10.4'}, 'tm', {'tm': {'cluster_id': CID}}),
    ('cluster_delete', n.DBaaSClusterDelete, lambda: {'cluster_id': CID}, 'cluster-delete', {}),
    # mongodb/api.py: the add_shard action uses DBaaSClusterGrow (DBaaSClusterAddShard is never used).
    ('cluster_add_shard', n.DBaaSClusterGrow, lambda: {'cluster_id': CID}, 'tm-noend', {}),
    ('cluster_grow', n.DBaaSClusterGrow, lambda: {'cluster_id': CID}, 'tm', {'tm': {'cluster_id': CID, 'instance_ids': [IID2]}}),
    ('cluster_shrink', n.DBaaSClusterShrink, lambda: {'cluster_id': CID, 'instance_ids': [IID2]}, 'tm', {'tm': {'cluster_id': CID, 'instance_ids': [IID2]}}),
    ('cluster_restart', n.DBaaSClusterRestart, lambda: {'cluster_id': CID}, 'cluster-rolling-restart', {}),
    ('cluster_upgrade', n.DBaaSClusterUpgrade, lambda: {'cluster_id': CID, 'datastore_version': DSV}, 'cluster-rolling-upgrade', {}),
    ('cluster_reset_status', n.DBaaSClusterResetStatus, lambda: {'cluster_id': CID}, 'api', {}),
    ('cluster_attach_configuration', n.DBaaSClusterAttachConfiguration, lambda: {'cluster_id': CID, 'configuration_id': CFG}, 'cluster-rolling-attach', {}),
    ('cluster_detach_configuration', n.DBaaSClusterDetachConfiguration, lambda: {'cluster_id': CID}, 'cluster-rolling-detach', {}),
    ('backup_create', n.DBaaSBackupCreate, lambda: {'name': 'nightly', 'instance_id': IID, 'description': None, 'parent_id': None}, 'tm-guest', {'tm': {'backup_id': BID}, 'guest': {}}),
    ('backup_delete', n.DBaaSBackupDelete, lambda: {'backup_id': BID}, 'tm', {}),
    # extensions/mysql/service.py: one lifecycle per call; names joined with "." (databases) and "," (users).
    ('database_create', n.DBaaSDatabaseCreate, lambda: {'instance_id': IID, 'dbname': 'shop.crm'}, 'guest', {}),
    ('database_delete', n.DBaaSDatabaseDelete, lambda: {'instance_id': IID, 'dbname': 'shop'}, 'guest', {}),
    ('user_create', n.DBaaSUserCreate, lambda: {'instance_id': IID, 'username': 'app,report'}, 'guest', {}),
    ('user_delete', n.DBaaSUserDelete, lambda: {'instance_id': IID, 'username': 'app'}, 'user-delete', {}),
    ('user_update_attributes', n.DBaaSUserUpdateAttributes, lambda: {'instance_id': IID, 'username': 'app'}, 'guest', {}),
    # grant: the databases of the request; revoke: every database the user can access (a list).
    ('user_grant', n.DBaaSUserGrant, lambda: {'instance_id': IID, 'username': 'app', 'database': ['shop', 'crm']}, 'api', {}),
    ('user_revoke', n.DBaaSUserRevoke, lambda: {'instance_id': IID, 'username': 'app', 'database': ['shop', 'crm']}, 'api', {}),
    ('user_change_password', n.DBaaSUserChangePassword, lambda: {'instance_id': IID, 'username': 'app,report'}, 'guest', {}),
    ('configuration_create', n.DBaaSConfigurationCreate, lambda: {'name': 'cfg1', 'datastore': 'mysql', 'datastore_version': '8.0'}, 'api-nested-end', {'api': {'configuration_id': CFG}}),
    ('configuration_delete', n.DBaaSConfigurationDelete, lambda: {'configuration_id': CFG}, 'api', {}),
    ('configuration_update', n.DBaaSConfigurationUpdate, lambda: {'configuration_id': CFG, 'name': 'cfg1', 'description': None}, 'api', {}),
    ('configuration_edit', n.DBaaSConfigurationEdit, lambda: {'configuration_id': CFG}, 'api', {}),
]


def run_op(name, klass, start_kwargs, flow, ends, case):
    """One operation, as its API handler and the component that finishes it run it.

    case 'end': the work succeeds; 'error': the finishing component fails
    (for 'api' flows: the API handler fails inside its StartNotification block);
    'api-error': the API handler fails inside the block before handing off.
    """
    ctxt, req = api_request()
    ctxt.notification = klass(ctxt, request=req)
    handed = {}
    api_fails = case == 'api-error' or (case == 'error' and flow in ('api', 'api-nested-end'))
    try:
        with n.StartNotification(ctxt, **start_kwargs):
            if case == 'api-error' or (api_fails and flow != 'api-nested-end'):
                raise unprocessable()  # e.g. validate_can_perform_action / the values check, before any hand-off
            if flow == 'api-nested-end':  # configuration/service.py create
                with n.EndNotification(ctxt, **ends['api']):
                    if api_fails:
                        raise exception.BadRequest('The configuration parameter max_connections is not valid.')
            elif flow in ('tm', 'tm-catches', 'tm-guest', 'tm-guest-noend', 'tm-noend'):
                handed['tm'] = cast(ctxt, 'taskmanager')
            elif flow == 'guest':
                handed['guest'] = cast(ctxt, 'guest')
            elif flow == 'user-delete':  # service.py delete, then models.py User.delete
                user = guest_models.MySQLUser(name='app', host='%')
                with n.StartNotification(ctxt, instance_id=IID, username=user.serialize()):
                    handed['guest'] = cast(ctxt, 'guest')
            elif flow == 'cluster-delete':  # cluster/models.py delete: each member's instance.delete(), then the cluster
                handed['members'] = [cast(ctxt, 'taskmanager') for _ in (IID, IID2)]
                handed['tm'] = cast(ctxt, 'taskmanager')
            elif flow in ('cluster-rolling-restart', 'cluster-rolling-upgrade'):
                handed['tm'] = cast(ctxt, 'taskmanager')
            elif flow in ('cluster-rolling-attach', 'cluster-rolling-detach'):
                rolling_configuration(ctxt, flow == 'cluster-rolling-attach', case)
    except Exception:
        pass
    if api_fails:
        return
    error = no_host() if case == 'error' else None
    tm_end = ends.get('tm', {})
    status = STATUS_SENDERS.get(ends.get('status'))
    if flow == 'tm':
        # the status notification is sent by the work, inside the Manager method's EndNotification
        taskmanager(handed['tm'], error=error, body=None if error or not status else status, **tm_end)
    elif flow == 'tm-catches':
        def work(tm_ctxt):
            try:
                if error:
                    raise error
            except Exception:
                pass  # LOG.error("Failed to reboot instance ...")
        taskmanager(handed['tm'], body=work)
    elif flow == 'tm-noend':  # mongodb add_shard: the strategy's taskmanager method has no EndNotification
        pass
    elif flow == 'tm-guest':  # create_instance / create_backup: the guest ends it; create's status comes after
        def to_guest(tm_ctxt):
            guest(cast(tm_ctxt, 'guest'), IID, error=error, **ends.get('guest', {}))
            if status and not error:
                status(tm_ctxt)  # taskmanager/models.py wait_for_instance
        taskmanager(handed['tm'], body=to_guest, **tm_end)
    elif flow == 'tm-guest-noend':  # taskmanager/models.py upgrade: casts guest.upgrade, catches every error
        def to_guest(tm_ctxt):
            cast(tm_ctxt, 'guest')
        taskmanager(handed['tm'], body=to_guest)
    elif flow in ('guest', 'user-delete'):
        guest(handed['guest'], IID, error=error)
    elif flow == 'cluster-delete':
        for member in handed['members']:
            taskmanager(member, body=send_delete)  # taskmanager/manager.py delete_instance: trove.instance.delete inside
        taskmanager(handed['tm'], error=error)  # delete_cluster
    elif flow == 'cluster-rolling-restart':
        rolling_task(handed['tm'], n.DBaaSInstanceRestart, lambda iid: {'instance_id': iid}, error, ends_on_guest=False)
    elif flow == 'cluster-rolling-upgrade':
        rolling_task(handed['tm'], n.DBaaSInstanceUpgrade, lambda iid: {'instance_id': iid, 'datastore_version_id': DSV}, error, ends_on_guest=True)


def rolling_task(ctxt, klass, kwargs, error, ends_on_guest):
    """taskmanager/models.py rolling_restart_cluster / rolling_upgrade_cluster: a lifecycle per member."""
    cluster_notification = ctxt.notification
    request_info = cluster_notification.serialize(ctxt)
    try:
        for i, iid in enumerate((IID, IID2)):
            ctxt.notification = klass(ctxt, **request_info)
            with n.StartNotification(ctxt, **kwargs(iid)):
                with n.EndNotification(ctxt):
                    if error and i == 0:
                        raise error  # e.g. update_db, before the guest is asked
                    if ends_on_guest:
                        cast(ctxt, 'guest')  # guest.upgrade: a cast, so no end
    except Exception:
        pass
    finally:
        ctxt.notification = cluster_notification


def rolling_configuration(ctxt, attach, case):
    """cluster/models.py rolling_configuration_update / _remove (in the API): a lifecycle per member, not restored."""
    request_info = ctxt.notification.serialize(ctxt)
    for i, iid in enumerate((IID, IID2)):
        if attach:
            ctxt.notification = n.DBaaSInstanceAttachConfiguration(ctxt, **request_info)
            kwargs = {'instance_id': iid, 'configuration_id': CFG}
        else:
            ctxt.notification = n.DBaaSInstanceDetachConfiguration(ctxt, **request_info)
            kwargs = {'instance_id': iid}
        with n.StartNotification(ctxt, **kwargs):
            with n.EndNotification(ctxt):
                if case == 'error' and i == 1:
                    raise exception.GuestError(original_message='Timeout applying configuration')


# --- status notifications: the instance the taskmanager holds ---
class Flavor(object):
    def __init__(self, fid, name, ram):
        self.id, self.name, self.ram = fid, name, ram


class Nova(object):
    class flavors(object):
        @staticmethod
        def get(fid):
            return {'2': Flavor('2', 'm1.small', 2048), '3': Flavor('3', 'm1.medium', 4096)}[str(fid)]

    class servers(object):
        @staticmethod
        def get(sid):
            return Server()


class Server(object):
    def __init__(self):
        setattr(self, 'OS-EXT-AZ:availability_zone', 'nova')
        self.user_id = USER
        self.id = SERVER


class DbInfo(object):
    def __init__(self):
        self.created = CREATED
        self.updated = CREATED + datetime.timedelta(minutes=30)


class DatastoreVersion(object):
    manager = 'mysql'
    name = '8.0'
    id = DSV


def task_instance(ctxt, flavor_id='2'):
    """The attributes of BuiltInstanceTasks / FreshInstanceTasks the TroveInstance* classes read."""
    from trove.taskmanager.models import NotifyMixin

    class Instance(NotifyMixin):
        pass

    inst = Instance()
    inst.context = ctxt
    inst.db_info = DbInfo()
    inst.name = 'db1'
    inst.id = IID
    inst.flavor_id = flavor_id
    inst.server_id = SERVER
    inst.status = 'ACTIVE'
    inst.tenant_id = TENANT
    inst.nova_client = Nova()
    inst.datastore_version = DatastoreVersion()
    inst.volume_size = 2
    inst.volume_id = VOLUME
    inst.updated = inst.db_info.updated
    inst.created = CREATED
    return inst


def send_create(tm_ctxt):
    n.TroveInstanceCreate(instance=task_instance(tm_ctxt), instance_size=2048).notify()


def send_modify_flavor(tm_ctxt):
    from trove.common import timeutils
    inst = task_instance(tm_ctxt, '3')
    update_time = timeutils.isotime(inst.updated)
    n.TroveInstanceModifyFlavor(instance=inst, old_instance_size=2048, instance_size=4096,
                                launched_at=update_time, modify_at=update_time, server=Server()).notify()


def send_delete(tm_ctxt):
    from trove.common import timeutils
    n.TroveInstanceDelete(instance=task_instance(tm_ctxt),
                          deleted_at=timeutils.isotime(CREATED + datetime.timedelta(hours=2)),
                          server=Server()).notify()


STATUS_SENDERS = {'create': send_create, 'modify_flavor': send_modify_flavor, 'delete': send_delete}


# --- the periodic tasks of the taskmanager Manager ---
def periodic():
    from unittest import mock

    from trove.extensions.mgmt.instances import models as mgmt_models
    from trove.taskmanager import manager as tm_manager

    facts = {
        'report_interval': CONF.report_interval,
        'exists_notification_interval': CONF.exists_notification_interval,
        'spacing': dict(tm_manager.Manager._periodic_spacing),
        'tasks': [name for name, _ in tm_manager.Manager._periodic_tasks],
    }

    class MgmtInstance(object):
        def __init__(self, iid, name, status):
            self.id, self.name, self.status = iid, name, status
            self.created = CREATED
            self.flavor_id = '2'
            self.server_id = SERVER
            self.tenant_id = TENANT
            self.datastore_version = DatastoreVersion()
            self.server = Server()

    live = [MgmtInstance(IID, 'db1', 'ACTIVE'), MgmtInstance(IID2, 'db2', 'SHUTDOWN')]
    cases = []
    with mock.patch('trove.common.clients.create_admin_nova_client', lambda ctx: Nova()), \
            mock.patch.object(mgmt_models, 'load_mgmt_instances', lambda ctx, deleted=False, client=None: live):
        manager = tm_manager.Manager()
        facts['admin_context'] = sorted(manager.admin_context.to_dict().keys())
        for run in (1, 2):
            key = 'trove.instance.exists#%d' % run
            CURRENT['case'] = key
            manager.publish_exists_event(None)
            cases.append(key)
    # publish_quota_notifications with a real novaclient Client (no request is made).
    from keystoneauth1 import session as ks_session
    from novaclient import client as nova_client
    real_nova = nova_client.Client('2.1', session=ks_session.Session())
    CURRENT['case'] = 'dbaas.quota#periodic'
    with mock.patch('trove.common.clients.create_nova_client', lambda ctx: real_nova):
        try:
            manager.publish_quota_notifications(None)
            facts['quota_task'] = {'raised': None}
        except Exception as e:
            facts['quota_task'] = {'raised': '%s: %s' % (type(e).__name__, e),
                                   'at': traceback.extract_tb(e.__traceback__)[-1].line}
    cases.append('dbaas.quota#periodic')
    # get_all_quotas_by_tenant returns a dict keyed by resource: the task's loop gets the keys.
    from trove.quota.quota import QUOTAS
    with mock.patch.object(QUOTAS._driver, 'get_all_quotas_by_tenant', lambda tenant_id, resources: {
            r: object() for r in resources}):
        facts['quota_loop_item'] = type(next(iter(QUOTAS.get_all_quotas_by_tenant(TENANT)))).__name__
    # The class itself, fed the objects it expects (what it would send if the task reached it).
    from trove.quota.models import Quota, QuotaUsage
    quota = Quota(TENANT, 'instances', 10)
    usage = QuotaUsage(tenant_id=TENANT, resource='instances', in_use=1, reserved=0,
                       created=CREATED, updated=CREATED)
    CURRENT['case'] = 'dbaas.quota#class'
    n.DBaaSQuotas(manager.admin_context, quota, usage).notify()
    cases.append('dbaas.quota#class')
    return facts, cases


# --- reading the queue back ---
def read_back(expected_ids):
    """Every message on <topic>.info and <topic>.error, until each recorded one arrived (bounded); then clean up."""
    import time

    import amqp
    u = urllib.parse.urlparse(URL)
    vhost = urllib.parse.unquote(u.path[1:]) if len(u.path) > 1 else '/'
    conn = amqp.Connection(host='%s:%s' % (u.hostname, u.port or 5672), userid=u.username or 'guest',
                           password=u.password or 'guest', virtual_host=vhost)
    conn.connect()
    ch = conn.channel()
    expected = set(expected_ids)
    got = {}

    def take(queue):
        try:
            msg = ch.basic_get(queue, no_ack=True)
        except amqp.exceptions.NotFound:
            return False  # never declared: nothing was published at that priority
        if msg is None:
            return False
        body = msg.body.decode('utf-8') if isinstance(msg.body, bytes) else msg.body
        inner = json.loads(json.loads(body)['oslo.message'])
        props = dict(msg.properties)
        got[inner['message_id']] = {
            'exchange': msg.delivery_info.get('exchange'),
            'routing_key': msg.delivery_info.get('routing_key'),
            'properties': {k: props.get(k) for k in ('content_type', 'content_encoding', 'delivery_mode', 'priority', 'application_headers')},
            'body': body,
            'message': inner,
        }
        return True

    deadline = time.monotonic() + 60
    while not expected.issubset(got) and time.monotonic() < deadline:
        if not take('%s.info' % TOPIC):
            time.sleep(0.05)  # poll until every recorded message arrived (bounded above)
    while take('%s.info' % TOPIC):
        pass
    if not take('%s.error' % TOPIC):
        ch = conn.channel()  # a passive miss closes the channel
    for q in ('%s.info' % TOPIC, '%s.error' % TOPIC):
        try:
            ch.queue_delete(q)
        except Exception:
            ch = conn.channel()
    try:
        ch.exchange_delete(EXCHANGE)
    except Exception:
        pass
    conn.close()
    return got


def main():
    cases = []
    for name, klass, start, flow, ends in OPS:
        for case in ('end', 'error', 'api-error'):
            key = '%s#%s' % (name, case)
            CURRENT['case'] = key
            run_op(name, klass, start(), flow, ends, case)
            cases.append({'key': key, 'op': name, 'case': case, 'trove_class': klass.__name__, 'flow': flow})
    facts, periodic_cases = periodic()
    for key in periodic_cases:
        cases.append({'key': key, 'op': key.split('#')[0], 'case': key.split('#')[1], 'trove_class': None, 'flow': 'periodic'})
    got = read_back([mid for _, mid in SENT])
    sent_ids = {mid for _, mid in SENT}
    unexpected = [m for mid, m in got.items() if mid not in sent_ids]
    by_case = {}
    for key, mid in SENT:
        by_case.setdefault(key, []).append(got.get(mid, {'missing': mid}))
    for c in cases:
        c['messages'] = by_case.get(c['key'], [])
    from importlib.metadata import version
    json.dump({
        'versions': {'trove': version('trove'), 'oslo.messaging': version('oslo.messaging'), 'oslo.context': version('oslo.context')},
        'host': HOST,
        'host_default': HOST_DEFAULT,
        'region': CONF.region,
        'facts': facts,
        'cases': cases,
        'unexpected': unexpected,
    }, sys.stdout, indent=1, default=str)
    rpc.cleanup()


if __name__ == '__main__':
    main()
