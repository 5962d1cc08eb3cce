"""后台管理 for the committee office (妇儿工委办): its departments, the accounts of its region, password resets;
every change is kept in an audit log (who, when, old → new)."""
