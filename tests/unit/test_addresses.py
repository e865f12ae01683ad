"""Which addresses an outbound fetch may reach (lti_tool/lti/addresses.py), without a network."""
import pytest

from lti_tool.lti.addresses import Policy, is_public, may_connect, parse_allow

NOT_PUBLIC = [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.0.10", "169.254.169.254",
    "100.64.0.1", "100.100.100.200", "192.0.0.192", "168.63.129.16", "0.0.0.0", "255.255.255.255", "224.0.0.251",
    "240.0.0.1", "198.18.0.1", "192.0.2.1",
    "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",  # IPv4-mapped
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "::10.0.0.1",  # IPv4-compatible (deprecated)
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_not_public(address):
    assert not is_public(address)
    assert not may_connect(address, "platform.example", Policy())


@pytest.mark.parametrize("address", PUBLIC)
def test_public(address):
    assert is_public(address)


def test_allow_list_of_hosts_and_ranges():
    hosts, networks = parse_allow(" 127.0.0.1, 10.1.0.0/16 ,Moodle.LAN., [::1] ")
    policy = Policy(hosts=hosts, networks=networks)
    assert may_connect("127.0.0.1", "anything", policy)
    assert may_connect("::ffff:127.0.0.1", "anything", policy)  # a mapped address is judged as its IPv4 address
    assert may_connect("10.1.200.3", "anything", policy) and not may_connect("10.2.0.1", "anything", policy)
    assert may_connect("::1", "anything", policy)
    assert may_connect("192.168.7.7", "moodle.lan", policy)  # a named host, whatever it resolves to
    assert not may_connect("192.168.7.7", "other.lan", policy)
    assert not may_connect("169.254.169.254", "anything", policy)


@pytest.mark.parametrize("entry", ["10.0.0.300", "10.0.0.0/33", "moodle lan", "http://moodle.lan"])
def test_allow_list_refuses_what_it_cannot_read(entry):
    with pytest.raises(ValueError):
        parse_allow(entry)


def test_a_bad_allow_list_stops_the_tool_from_starting():
    import config

    with pytest.raises(config.ConfigError, match="LATIH_FETCH_ALLOW"):
        config.check({"LATIH_FETCH_ALLOW": ("10.0.0.300",)})
